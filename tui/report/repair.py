"""The `repair` of a finding in the report: what `registry-doctor fix` would do about it.

One function, so that the repairs (issue 18) can replace it: until then no finding has a
repair the tool makes itself, and every `repair` is null (SPEC: null where registry-doctor
cannot make the fix).
"""

from __future__ import annotations

from tui.model import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


def repair_of(finding: Finding) -> dict[str, Any] | None:
    """The repair entry of `finding` (`action`, `summary`, `requests`, `needs`), or None."""
    return None
