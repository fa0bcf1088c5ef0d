"""The creation-log reader measured on real failure text gathered from public reports.

`tests/data/creation-log-corpus.jsonl` (development) and `creation-log-holdout.jsonl` (a fifth
held out while the signatures were written) hold real error lines and whole-log excerpts, each
with its public source, the tool that printed it and the class it must get. Every record also
runs through a whole offline diagnosis of a codespace in recovery mode: it must give its
finding, and never "No problems found".
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import diagnose, make_options
from tui.logs.reader import read_text
from tui.logs.signatures import CLASSES
from tui.report.summary import verdict
from tui.workspace.imageref import parse_image_ref

DATA = Path(__file__).parent / "data"
DEV_FILE = DATA / "creation-log-corpus.jsonl"
HOLDOUT_FILE = DATA / "creation-log-holdout.jsonl"
UNKNOWN = "unknown"
"""Real failure text no signature should claim: it must give CREATION_LOG_UNCLASSIFIED."""
HOLDOUT_FLOOR = 0.80
"""The held-out accuracy may not fall below this (measured: see the closing note / CHANGELOG)."""

EXPECTED_CODE = {
    "platform": "CODESPACES_PLATFORM_FAULT",
    "feature": "FEATURE_UNREACHABLE",
    UNKNOWN: "CREATION_LOG_UNCLASSIFIED",
}
"""The finding each class gives; every other class gives CREATION_LOG_ERROR naming it."""


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


DEV = _load(DEV_FILE)
HOLDOUT = _load(HOLDOUT_FILE)


def _got(record: dict) -> str:
    reading = read_text(record["text"])
    if reading.verdict is not None:
        return reading.verdict.klass
    return UNKNOWN if reading.failing else "nothing"


def test_the_corpus_is_real_sourced_and_covers_every_class() -> None:
    records = DEV + HOLDOUT
    assert len(records) >= 80
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)
    for record in records:
        assert record["source"].startswith("https://"), record["id"]
        assert record["class"] in (*CLASSES, UNKNOWN), record["id"]
        assert record["kind"] in ("line", "whole-log"), record["id"]
        assert record["text"].strip(), record["id"]
    by_class = Counter(r["class"] for r in records)
    assert set(CLASSES) <= set(by_class), set(CLASSES) - set(by_class)
    held = Counter(r["class"] for r in HOLDOUT)
    assert len(HOLDOUT) * 6 >= len(records)  # about a fifth held out
    assert len(held) >= 10
    assert sum(r["kind"] == "whole-log" for r in records) >= 10


@pytest.mark.parametrize("record", DEV, ids=[r["id"] for r in DEV])
def test_each_development_sample_gets_its_class(record: dict) -> None:
    assert _got(record) == record["class"], record["text"][:300]


def test_the_held_out_fifth_is_read_as_well() -> None:
    right = [r for r in HOLDOUT if _got(r) == r["class"]]
    accuracy = len(right) / len(HOLDOUT)
    misses = [(r["id"], _got(r)) for r in HOLDOUT if r not in right]
    assert accuracy >= HOLDOUT_FLOOR, misses


def _recovery_options(tmp_path: Path, record: dict):
    log = record["text"]
    if "creating recovery container" not in log.lower():
        log += "\nCreating recovery container.\n"
    env = {"CODESPACES": "true", "CODESPACES_RECOVERY_CONTAINER": "true",
           "GITHUB_REPOSITORY": "octocat/app", "CODESPACE_NAME": "octocat-app-x1"}
    overrides = {}
    image = record.get("image")
    if image:
        try:
            parse_image_ref(image, "--image")
            overrides["image"] = image
        except ValueError:
            pass
    return make_options(tmp_path, env=env, codespaces_files={
        ".persistedshare/creation.log": log,
        ".persistedshare/RECOVERY-REASON-FILE": "Unable to create the dev container.",
    }, **overrides)


@pytest.mark.parametrize("record", DEV + HOLDOUT, ids=[r["id"] for r in DEV + HOLDOUT])
def test_a_codespace_in_recovery_is_never_all_clear(tmp_path: Path, record: dict) -> None:
    diagnosis = diagnose(_recovery_options(tmp_path, record))
    outcome = verdict(diagnosis)
    assert "No problems found" not in outcome.sentence
    assert outcome.errors + outcome.warnings >= 1
    assert not [f for f in diagnosis.findings if f.code == "INTERNAL_ERROR"]


@pytest.mark.parametrize("record", DEV, ids=[r["id"] for r in DEV])
def test_each_development_sample_gives_its_finding(tmp_path: Path, record: dict) -> None:
    diagnosis = diagnose(_recovery_options(tmp_path, record), ("context",))
    found = {f.code: f for f in diagnosis.findings}
    code = EXPECTED_CODE.get(record["class"], "CREATION_LOG_ERROR")
    assert code in found, list(found)
    if code == "CREATION_LOG_ERROR":
        assert f"`{record['class']}`" in found[code].detail
    if code == "CREATION_LOG_UNCLASSIFIED":
        assert found[code].severity.value == "error"  # in recovery, and nothing else explains


def holdout_report() -> str:
    """One line for the terminal summary: the held-out accuracy, by class."""
    right = Counter(r["class"] for r in HOLDOUT if _got(r) == r["class"])
    total = Counter(r["class"] for r in HOLDOUT)
    parts = ", ".join(f"{k} {right[k]}/{total[k]}" for k in sorted(total))
    dev_right = sum(_got(r) == r["class"] for r in DEV)
    return (f"creation-log corpus: development {dev_right}/{len(DEV)}, held out "
            f"{sum(right.values())}/{len(HOLDOUT)} ({parts})")
