"""The docs stay true: screenshots equal the snapshots they were taken from; links resolve."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "snapshots" / "test_app_snapshots"
SCREENSHOTS = {
    "names-and-values.svg": "test_step[failing-naming].1.svg",
    "login-running.svg": "test_running[login].1.svg",
    "login-failed.svg": "test_step[failing-login].1.svg",
    "ecr.svg": "test_step[failing-ecr].1.svg",
    "github.svg": "test_github_states[github-problems].1.svg",
    "summary.svg": "test_step[failing-summary].1.svg",
}
JAPANESE = ROOT / "snapshots" / "test_app_japanese"
JAPANESE_SCREENSHOTS = {
    f"ja/failing-{step}-120.svg": f"test_step_in_japanese[failing-{step}-120].1.svg"
    for step in ("secrets", "login", "github", "summary")
}


def test_screenshots_are_the_current_snapshots():
    for shot, snapshot in SCREENSHOTS.items():
        assert (ROOT / "docs" / "screenshots" / shot).read_bytes() == (
            SNAPSHOTS / snapshot
        ).read_bytes(), f"copy {snapshot} to docs/screenshots/{shot}"
    for shot, snapshot in JAPANESE_SCREENSHOTS.items():
        assert (ROOT / "docs" / "screenshots" / shot).read_bytes() == (
            JAPANESE / snapshot
        ).read_bytes(), f"copy {snapshot} to docs/screenshots/{shot}"


def test_relative_links_in_docs_and_readme_resolve():
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_readme_opens_with_the_two_fresh_machine_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("registry-doctor --demo")
    assert block[1] == "bash scripts/test.sh"
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
