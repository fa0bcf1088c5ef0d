"""The marks and styles the wizard uses for states and severities.

Styles name the theme's colours (`$success`, `$warning`, `$error`, `$primary`, `$accent`),
not fixed ones, so every theme reads right; `themed()` turns them into Rich styles.
"""

from __future__ import annotations

from tui.marks import STATE_MARK

STATE_SYMBOL: dict[str, str] = STATE_MARK
"""The marks of `tui.marks` (one set for the wizard and the reports)."""

STATE_STYLE: dict[str, str] = {
    "pass": "$success",
    "warn": "$warning",
    "fail": "bold $error",
    "skip": "dim",
    "running": "$primary",
    "queued": "dim $primary",
    "pending": "dim",
}

SEVERITY_STYLE: dict[str, str] = {
    "error": "bold $error",
    "warning": "bold $warning",
    "info": "bold $primary",
}

FIX_STYLE = "bold $success"
KEY_STYLE = "bold $accent"
NOTE_STYLE = "$warning"
HEADING_STYLE = "bold $accent"
INTRO_STYLE = "$text-muted"

_FALLBACK = {"success": "green", "warning": "yellow", "error": "red", "primary": "blue",
             "accent": "cyan"}
"""Colours for a style drawn outside a running app (a test rendering a widget's text)."""

_BY_THEME: dict[str, dict[str, str]] = {}


def themed(style: str) -> str:
    """`style` with each `$variable` replaced by the running app's theme colour."""
    if "$" not in style:
        return style
    variables = _theme_variables()
    words = [
        (variables.get(word[1:]) or _FALLBACK.get(word[1:], "")) if word.startswith("$")
        else word
        for word in style.split()
    ]
    return " ".join(word for word in words if word)


def _theme_variables() -> dict[str, str]:
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return {}
    theme = str(app.theme)
    if theme not in _BY_THEME:  # Textual made the theme's variables when the theme was set
        _BY_THEME[theme] = solid_colours(app.theme_variables or app.get_css_variables())
    return _BY_THEME[theme]


def solid_colours(variables: dict[str, str]) -> dict[str, str]:
    """The theme's variables as Rich reads them: a text colour Textual picks for contrast with
    the background (`$text-muted` is `auto 60%`) becomes the colour it draws on the screen's
    background (`#A0A0A0` in textual-dark)."""
    from textual.color import Color

    background = Color.parse(variables.get("background", "#000000"))
    solid = dict(variables)
    for name, value in variables.items():
        if value.split()[:1] == ["auto"]:
            alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
            solid[name] = background.blend(background.get_contrast_text(1.0), alpha).hex
    return solid
