"""Keys from one source, the bindings: the key bar, the help dialog and the command palette
are all drawn from them (each binding has an id, so a keymap can move it).

A binding's `tooltip` is what the key does, in the words of the help dialog; bindings with
the same tooltip share one help row (`n  →  next step`). Descriptions and tooltips are message
ids (`N_`), translated where they are shown, so they follow the current language.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

from tui.i18n import N_, _, t
from tui.steps import WIZARD_STEPS, WIZARD_TITLES

KEY_NAMES = {"question_mark": "?", "ctrl+p": "^p", "enter": "Enter", "right": "→",
             "left": "←", "up": "↑", "down": "↓", "tab": "Tab"}

WIZARD_BINDINGS: list[Binding] = [
    Binding("n", "next", N_("Next"), tooltip=N_("next step"), id="wizard.next"),
    Binding("right", "next", N_("Next"), show=False, priority=True, tooltip=N_("next step"),
            id="wizard.next-arrow"),
    Binding("b", "back", N_("Back"), tooltip=N_("previous step"), id="wizard.back"),
    Binding("left", "back", N_("Back"), show=False, priority=True, tooltip=N_("previous step"),
            id="wizard.back-arrow"),
    Binding("r", "rerun", N_("Re-run"), tooltip=N_("re-run this step"), id="wizard.rerun"),
    Binding("e", "export", N_("Export"), tooltip=N_("export the redacted Markdown report"),
            id="wizard.export"),
    Binding("x", "explain", N_("Explain"), tooltip=N_("what the selected finding's code means"),
            id="wizard.explain"),
    Binding("f", "repair", N_("Repair"), show=False,
            tooltip=N_("repair the selected finding, where registry-doctor can"),
            id="wizard.repair"),
    Binding("question_mark", "help", N_("Help"), key_display="?", tooltip=N_("this help"),
            id="wizard.help"),
    Binding("q", "quit_wizard", N_("Quit"), tooltip=N_("quit"), id="wizard.quit"),
    Binding("ctrl+c", "quit_wizard", N_("Quit"), show=False, priority=True, tooltip=N_("quit"),
            id="wizard.quit-ctrl-c"),
    *[
        Binding(str(n), f"jump({n})", f"Step {n}", show=False, tooltip=N_("jump to a step"),
                id=f"wizard.jump-{n}")
        for n in range(1, len(WIZARD_STEPS) + 1)
    ],
]
"""The wizard's own keys (the app's BINDINGS)."""

FOCUS_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab  ↑ ↓", N_("move between findings")),
    ("ctrl+p", N_("command palette")),
)
"""Keys that are Textual's own (focus, palette) rather than bindings of ours."""


def key_label(binding: Binding) -> str:
    """How a binding's key is written (`?`, `→`, `Enter`)."""
    return binding.key_display or KEY_NAMES.get(binding.key, binding.key)


def help_rows(groups: Iterable[tuple[str, Iterable[Binding]]]) -> list[tuple[str, str]]:
    """(keys, meaning) rows: one per tooltip, its keys joined; `where` (a screen's title)
    is added to keys that work on one screen only; jump keys read `1 … N`."""
    rows: dict[str, list[str]] = {}
    for where, bindings in groups:
        for binding in bindings:
            if not binding.tooltip:
                continue
            tooltip = _(binding.tooltip)
            meaning = t("{meaning} ({screen})", meaning=tooltip, screen=where) if where \
                else tooltip
            keys = rows.setdefault(meaning, [])
            if binding.action.startswith("jump("):
                label = f"1 … {len(WIZARD_STEPS)}"
            else:
                label = key_label(binding)
            if label not in keys:
                keys.append(label)
    focus = [(keys, _(meaning)) for keys, meaning in FOCUS_KEYS]
    return [("  ".join(keys), meaning) for meaning, keys in rows.items()] + focus


def palette_commands(bindings: Iterable[Binding]) -> list[tuple[str, str, str]]:
    """(name, help, action) for the palette: one per action of the bindings (screen bindings
    of `app.` actions included), then a jump to each step."""
    commands: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    keys: dict[str, list[str]] = {}
    for binding in bindings:
        action = binding.action.removeprefix("app.")
        if action.startswith("jump(") or not binding.tooltip:
            continue
        keys.setdefault(action, []).append(key_label(binding))
    for binding in bindings:
        action = binding.action.removeprefix("app.")
        if action in seen or action not in keys:
            continue
        seen.add(action)
        tooltip = _(binding.tooltip)
        name = tooltip[0].upper() + tooltip[1:]
        help_text = t("{action} ({keys})", action=_(binding.description),
                      keys=", ".join(keys[action]))
        commands.append((name, help_text, action))
    for index, step in enumerate(WIZARD_STEPS, 1):
        commands.append((t("Go to step {number}: {title}", number=index,
                           title=_(WIZARD_TITLES[step])),
                         t("Jump ({key})", key=index), f"jump({index})"))
    return commands
