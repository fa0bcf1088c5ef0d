"""One screen per wizard step, plus the help and explanation dialogs.

Which class shows which step is in the step table (`tui.steps`, `Step.screen`). Screen
modules are imported when first shown, so start-up pays only for the first one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from tui.steps import BY_ID

if TYPE_CHECKING:
    from tui.app.screens.step import StepScreen


def screen_class(step: str) -> type[StepScreen]:
    """The screen class of a wizard step (its module imported on first use)."""
    module, name = BY_ID[step].screen.split(":")
    cls: type[StepScreen] = getattr(importlib.import_module(module), name)
    return cls


__all__ = ["screen_class"]
