"""A pytest plugin: the loopback stand-in of GitHub's API for the whole session, and a
per-test handle that sets its world and validates every answer it gave against the official
schemas (`tests/data/github-api-schemas.json`) once the test is done.
"""

from __future__ import annotations

from collections.abc import Iterator

import jsonschema
import pytest

from tests.lab.github_api import SCHEMAS, GithubApi, Served, World

DEVIATION = "package visibility `internal`"
"""The one documented gap of the official schema: `package.visibility` is enum [private,
public], yet GitHub documents internal container packages (field guide, `_meta.caveats`)."""


def schema_errors(item: Served) -> list[str]:
    """Why an answer does not match its official schema (empty: it matches).

    A package answer with visibility `internal` is checked with that one value allowed, and
    only that one path may differ (anything else still fails).
    """
    if item.key is None:
        return []
    validator = jsonschema.Draft202012Validator(SCHEMAS[item.key])
    errors = []
    for error in validator.iter_errors(item.body):
        path = list(error.absolute_path)
        if (item.key.endswith("{package_name}") and path == ["visibility"]
                and error.instance == "internal" and error.validator == "enum"):
            continue
        errors.append(f"{item.key} {item.path}: {'/'.join(map(str, path))}: {error.message}")
    return errors


@pytest.fixture(scope="session")
def github_api_server() -> Iterator[GithubApi]:
    """The stand-in, started once on 127.0.0.1 and stopped by the handle that started it."""
    server = GithubApi().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def github_api(github_api_server: GithubApi) -> Iterator[GithubApi]:
    """The stand-in with a fresh default world; every answer of the test is validated after."""
    github_api_server.reset(World())
    yield github_api_server
    problems = [p for item in list(github_api_server.served) for p in schema_errors(item)]
    assert not problems, "answers off the official schema:\n" + "\n".join(problems)
