"""The cause model: one lead cause per failing image or Feature (SPEC, Causes and remedies).

Pure functions over the findings of every step: `judge` marks the lead of each failing
image, lowers the generic findings that lead explains, and `first_fix` names the fix to make
first. The rules are data (`tui.causes.rules`).
"""

from tui.causes.lead import first_fix, judge

__all__ = ["first_fix", "judge"]
