"""One small workspace per construct (tests/workspaces/*): the images the CLI would pull.

Each folder holds a dev container configuration and `expected.json`: `images` (`kind:ref`, in
any order), and optionally `uses` / `ignored` (the source the CLI picks), `errors` / `warnings`
(words every such finding must together contain), `platforms` and `environ`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.model import Severity
from tui.workspace.devcontainer import scan_workspace

ROOT = Path(__file__).parent / "workspaces"
CASES = sorted(p.name for p in ROOT.iterdir() if (p / "expected.json").is_file())


def test_every_construct_has_a_workspace() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_workspace_pulls_what_the_cli_pulls(name: str) -> None:
    folder = ROOT / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = scan_workspace(folder, expected.get("environ", {}))
    assert sorted(f"{i.kind}:{i.ref}" for i in result.images) == sorted(expected["images"])
    errors = [f.detail for f in result.findings if f.severity is Severity.ERROR]
    warnings = [f.detail for f in result.findings if f.severity is Severity.WARNING]
    for found, words in ((errors, expected.get("errors")), (warnings, expected.get("warnings"))):
        if not words:
            assert found == [], found
        else:
            assert found and all(word in " ".join(found) for word in words), found
    [source] = result.sources
    if "uses" in expected:
        assert source.uses == expected["uses"]
        assert source.ignored == expected.get("ignored", [])
    for ref, platform in expected.get("platforms", {}).items():
        assert [i.platform for i in result.images if i.ref == ref] == [platform]
