"""One screen per wizard step, plus the help and explanation dialogs.

Screen modules are imported when first shown, so start-up pays only for the first one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.screens.step import StepScreen

SCREEN_CLASSES: dict[str, tuple[str, str]] = {
    "context": ("tui.app.screens.context", "ContextScreen"),
    "secrets": ("tui.app.screens.secrets", "SecretsScreen"),
    "naming": ("tui.app.screens.naming", "NamingScreen"),
    "login": ("tui.app.screens.login", "LoginScreen"),
    "pull": ("tui.app.screens.pull", "PullScreen"),
    "ecr": ("tui.app.screens.ecr", "EcrScreen"),
    "summary": ("tui.app.screens.summary", "SummaryScreen"),
}
"""Wizard step → (module, class) of its screen."""


def screen_class(step: str) -> type[StepScreen]:
    """The screen class of a wizard step (its module imported on first use)."""
    module, name = SCREEN_CLASSES[step]
    return getattr(importlib.import_module(module), name)


__all__ = ["SCREEN_CLASSES", "screen_class"]
