"""`check --offline --json` on realistic example codespaces, as a script would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "examples"
SCHEMA = json.loads((ROOT / "tests" / "data" / "report.schema.json").read_text())

EXPECTED = {
    "acr-correct": (set(), 0),
    "dockerhub-wrong-server": ({"DOCKERHUB_SERVER_VALUE", "DOCKERHUB_USER_IS_EMAIL"}, 1),
    "ecr-swapped-keys": ({"ECR_CREDENTIALS_SWAPPED"}, 1),
    "ghcr-fine-grained": ({"GHCR_FINE_GRAINED_TOKEN", "GHCR_SECRETS_UNNEEDED"}, 1),
    "secrets-not-loaded": ({"SECRETS_NOT_LOADED", "CREATION_LOG_ERROR", "RECOVERY_MODE"}, 1),
}


def test_every_example_has_an_expectation():
    assert {p.name for p in EXAMPLES.iterdir() if p.is_dir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_exactly_the_expected_findings(tmp_path, name):
    example = tmp_path / name
    shutil.copytree(EXAMPLES / name, example)
    (example / "cs").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--offline", "--json",
         "--env-file", str(example / "secrets.env"), "--workspace", str(example / "ws"),
         "--codespaces-dir", str(example / "cs")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "GITHUB_REPOSITORY": "acme/app"},
    )
    codes, status = EXPECTED[name]
    report = json.loads(done.stdout)
    jsonschema.validate(report, SCHEMA)
    assert {f["code"] for f in report["findings"]} == codes
    assert done.returncode == status, done.stderr
    assert report["images"], "every example names at least one image"
    for found in report["findings"]:
        assert found["fix"] and found["detail"]
