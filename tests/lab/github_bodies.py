"""The stand-in's answer bodies, built from the official schemas' examples and renamed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tests.lab.github_api import World

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "github-api-schemas.json"
SCHEMAS: dict = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
EXAMPLES: dict = SCHEMAS["examples"]


def minimal_repository(world: World, full_name: str, visibility: str,
                       fork: bool = False) -> dict:
    """A `minimal-repository` from the schema's example, renamed."""
    example = EXAMPLES["GET /user/codespaces/secrets/{secret_name}/repositories"]
    body = copy.deepcopy(example["repositories"][0])
    owner, _, name = full_name.partition("/")
    body.update(id=world.repo_id_of(full_name), name=name, full_name=full_name,
                private=visibility != "public", visibility=visibility, fork=fork,
                html_url=f"https://github.com/{full_name}",
                url=f"https://api.github.com/repos/{full_name}")
    body["owner"]["login"] = owner
    return body


def full_repository(world: World) -> dict:
    """A `full-repository` from the schema's example, as the world describes it."""
    body = copy.deepcopy(EXAMPLES["GET /repos/{owner}/{repo}"])
    owner, _, name = world.repo.partition("/")
    body.update(id=world.repo_id, name=name, full_name=world.repo,
                private=world.visibility != "public", visibility=world.visibility,
                fork=world.fork, html_url=f"https://github.com/{world.repo}",
                url=f"https://api.github.com/repos/{world.repo}")
    body["owner"]["login"] = owner
    body["owner"]["type"] = world.owner_type
    body["permissions"] = {"admin": False, "maintain": False, "push": world.push,
                           "triage": world.push, "pull": True}
    if world.fork:
        parent = copy.deepcopy(EXAMPLES["GET /repos/{owner}/{repo}"])
        parent.pop("parent", None)
        parent.pop("source", None)
        parent.update(full_name="upstream/app", name="app")
        parent["owner"]["login"] = "upstream"
        body["parent"] = body["source"] = _as_repository(parent)
    return body


def _as_repository(full: dict) -> dict:
    """A `repository` (parent/source of a fork) from the full-repository example."""
    keep = SCHEMAS["GET /repos/{owner}/{repo}"]["properties"]["parent"]["properties"]
    return {k: v for k, v in full.items() if k in keep}
