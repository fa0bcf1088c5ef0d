"""The tree keeps the shape issue 16 gave it: no folder of `tui/` holds more than 15 modules
(its `__init__.py` included), and no module grows much past 450 lines — a module that long
holds two jobs and is split where they meet (docs/architecture.md, "The tree")."""

from __future__ import annotations

from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"
MAX_MODULES = 15
MAX_LINES = 460
"""~450 lines, with room for a docstring's worth of growth before the split is due."""


def _packages() -> list[Path]:
    return sorted(p.parent for p in TUI.rglob("__init__.py"))


def test_the_tree_has_its_wings():
    names = {p.relative_to(TUI).as_posix() for p in _packages()}
    assert {"checks", "checks/ecr", "workspace", "logs", "registry", "registry/probe", "github",
            "aws", "secretsets"} <= names


def test_no_folder_holds_more_than_15_modules():
    crowded = {p.relative_to(TUI).as_posix() or ".": len(list(p.glob("*.py")))
               for p in _packages()}
    assert {name: n for name, n in crowded.items() if n > MAX_MODULES} == {}


def test_no_module_grows_far_past_450_lines():
    long = {p.relative_to(TUI).as_posix(): n for p in TUI.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
