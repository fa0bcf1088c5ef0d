"""The bench's expected image lists are facts with their sources: every configuration names a
repository pinned to a commit, and every entry is `kind:ref` in the bench's notation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.bench.bench_configs import load_part

BENCH = Path(__file__).parent / "bench"
KINDS = {"image", "feature", "copy-from", "dockerfile-syntax"}


def test_application_repositories_are_pinned_and_in_the_bench_notation() -> None:
    data = json.loads((BENCH / "expected_app_configs.json").read_text(encoding="utf-8"))
    part = load_part(BENCH / "expected_app_configs.json")
    assert part["valid"] and part["part"] == "application repositories"
    repositories = data["repositories"]
    assert all(re.fullmatch(r"[0-9a-f]{40}", commit) for commit in repositories.values())
    named = {label.split("/", 1)[0].replace("__", "/", 1) for label in part["expected"]}
    assert named == set(repositories)
    for label, refs in part["expected"].items():
        assert refs == sorted(refs), label
        for entry in refs:
            kind, _, ref = entry.partition(":")
            assert kind in KINDS and ref, (label, entry)
            if kind == "feature":  # a Feature without a tag is fetched as `:latest`
                assert re.search(r":[^/]+$|@sha256:", ref), (label, entry)
