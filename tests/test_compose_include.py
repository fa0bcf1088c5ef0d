"""Compose `include` and files that `initializeCommand` creates: what Compose refuses is an
error, what the host may still create is a warning, and nothing else is reported.

The forms that load (a list in `path:`, short and long entries, `project_directory`,
`env_file`, an override file over an include) have fixture workspaces in tests/workspaces/.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import write_tree
from tui.model import Severity
from tui.workspace.devcontainer import scan_workspace

COMPOSE_CONFIG = json.dumps({"dockerComposeFile": "compose.yml", "service": "app"})
PREPARED_CONFIG = json.dumps({"dockerComposeFile": "compose.yml", "service": "app",
                              "initializeCommand": "./scripts/prepare.sh"})


def scan(tmp_path: Path, compose: str, config: str = COMPOSE_CONFIG, **files: str):
    write_tree(tmp_path, {".devcontainer/devcontainer.json": config,
                          ".devcontainer/compose.yml": compose, **files})
    result = scan_workspace(tmp_path, {})
    images = sorted(i.ref for i in result.images)
    by = {s: [f"{f.code} {f.detail}" for f in result.findings if f.severity is s]
          for s in (Severity.ERROR, Severity.WARNING)}
    return images, by[Severity.ERROR], by[Severity.WARNING]


APP = "services:\n  app:\n    image: ghcr.io/acme/app:1\n    depends_on: [db]\n"


def test_include_must_be_a_list_as_compose_says(tmp_path: Path) -> None:
    images, errors, warnings = scan(tmp_path, "include: ../db.yml\n" + APP,
                                    **{"db.yml": "services:\n  db:\n    image: postgres:16\n"})
    assert images == ["ghcr.io/acme/app:1"]
    assert len(errors) == 1 and "`include` must be a list" in errors[0]
    assert warnings == []


def test_an_include_cycle_is_an_error_not_a_hang(tmp_path: Path) -> None:
    images, errors, _ = scan(tmp_path, "include: [../a.yml]\n" + APP, **{
        "a.yml": "include: [b.yml]\nservices:\n  db:\n    image: postgres:16\n",
        "b.yml": "include: [a.yml]\n"})
    assert images == ["ghcr.io/acme/app:1", "postgres:16"]
    assert len(errors) == 1 and "include cycle" in errors[0]


def test_the_same_definition_twice_is_no_conflict(tmp_path: Path) -> None:
    compose = "include: [../db.yml]\n" + APP + "  db:\n    image: postgres:16\n"
    images, errors, warnings = scan(tmp_path, compose,
                                    **{"db.yml": "services:\n  db:\n    image: postgres:16\n"})
    assert images == ["ghcr.io/acme/app:1", "postgres:16"]
    assert errors == [] and warnings == []


def test_two_includes_defining_one_service_differently_conflict(tmp_path: Path) -> None:
    compose = "include: [../a.yml, ../b.yml]\n" + APP
    _, errors, _ = scan(tmp_path, compose, **{
        "a.yml": "services:\n  db:\n    image: postgres:16\n",
        "b.yml": "services:\n  db:\n    image: postgres:15\n"})
    assert len(errors) == 1 and "services.db conflicts with imported resource" in errors[0]


def test_a_missing_include_is_an_error_without_initialize_command(tmp_path: Path) -> None:
    images, errors, warnings = scan(tmp_path, "include: [../generated/db.yml]\n" + APP)
    assert images == ["ghcr.io/acme/app:1"]
    assert len(errors) == 1 and "`generated/db.yml` does not exist" in errors[0]
    assert warnings == []


def test_what_initialize_command_may_create_is_a_warning(tmp_path: Path) -> None:
    compose = ("include:\n  - path: ../generated/db.yml\n  - path: ../cache.yml\n"
               "    env_file: ../generated/cache.env\n" + APP)
    images, errors, warnings = scan(tmp_path, compose, PREPARED_CONFIG,
                                    **{"cache.yml": "services:\n  cache:\n    image: redis:7\n"})
    assert images == ["ghcr.io/acme/app:1", "redis:7"]
    assert errors == []
    assert len(warnings) == 2
    assert all(w.startswith("DEVCONTAINER_UNCHECKED `.devcontainer/compose.yml`") and
               "initializeCommand" in w for w in warnings)
    assert "`generated/db.yml` does not exist yet" in warnings[0]
    assert "`env_file` `generated/cache.env` does not exist yet" in warnings[1]


def test_a_missing_dockerfile_with_initialize_command_is_a_warning(tmp_path: Path) -> None:
    compose = "services:\n  app:\n    build:\n      context: ..\n      dockerfile: gen/Dockerfile\n"
    images, errors, warnings = scan(tmp_path, compose, PREPARED_CONFIG)
    assert images == [] and errors == []
    assert len(warnings) == 1 and "Dockerfile `gen/Dockerfile` does not exist yet" in warnings[0]


def test_a_remote_include_is_not_read(tmp_path: Path) -> None:
    compose = "include:\n  - oci://docker.io/acme/stack:1\n" + APP.replace(
        "    depends_on: [db]\n", "")
    images, errors, warnings = scan(tmp_path, compose)
    assert images == ["ghcr.io/acme/app:1"]
    assert errors == [] and warnings == []


def test_odd_include_entries_are_findings_not_tracebacks(tmp_path: Path) -> None:
    compose = ('include:\n  - 42\n  - path: []\n  - path: "bad\\0name.yml"\n'
               '  - path: [../a.yml, compose.yml]\n    project_directory: 7\n    env_file: [1]\n'
               + APP)
    images, errors, _ = scan(tmp_path, compose,
                             **{"a.yml": "services:\n  db:\n    image: postgres:16\n"})
    assert images == ["ghcr.io/acme/app:1"]
    text = " ".join(errors)
    assert "neither a path nor a mapping" in text and "has no `path`" in text
    assert "include cycle" in text and "does not exist" in text
