"""The architecture as tests: import contracts (pyproject's `[tool.importlinter]`), no import
cycles anywhere in `tui/`, and one step table that everything else agrees with."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import grimp

from tui.catalogue import CATALOGUE
from tui.steps import BY_ID, CHECKED, STEP_IDS, STEPS, WIZARD_STEPS

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    """Checks and reports never import Textual/Rich; the probe needs nothing above it; layers."""
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True, no_logo=True))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 kept, 0 broken" in done.stdout, done.stdout


def test_no_import_cycles_in_tui():
    graph = grimp.build_graph("tui", exclude_type_checking_imports=True, cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert not cycles, "\n".join(cycles)


def test_the_step_table_is_consistent():
    assert WIZARD_STEPS[-1] == "summary" and len(set(WIZARD_STEPS)) == len(WIZARD_STEPS)
    for index, step in enumerate(STEPS):
        earlier = {s.id for s in STEPS[:index]}
        assert set(step.needs) <= earlier, f"{step.id} needs a later step"
        module, name = step.screen.split(":")
        screen = getattr(importlib.import_module(module), name)
        assert screen.step == step.id
    for step in CHECKED:
        assert callable(importlib.import_module(str(step.checker)).run), step.id
        assert step.title and step.intro, step.id


def test_every_code_belongs_to_a_step_of_the_table():
    steps_with_codes = {entry.step for entry in CATALOGUE.values()}
    assert steps_with_codes == set(STEP_IDS)
    assert BY_ID["github"].network
