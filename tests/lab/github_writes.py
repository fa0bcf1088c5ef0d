"""The stand-in's write side: public keys, PUT/DELETE of Codespaces secrets and grants.

Each level (the user, each repository, each organization) has its own X25519 key pair; the
stand-in hands out the public key as GitHub does (`{key_id, key}`), checks every request body
against the official request schema (`requests` in tests/data/github-api-schemas.json),
refuses a body sealed to another key or with another `key_id` (422), and DECRYPTS the value
with the private key, so a test sees the exact bytes GitHub would store. Statuses are the
ones the official description declares: 201 for a new secret, 204 for an update, a grant or
a removal, 409 for a grant of an organization secret that is not `selected`.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass

import jsonschema
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

WRITE_ROUTES: list[tuple[str, re.Pattern[str], str, str]] = [
    ("GET", re.compile(r"^/user/codespaces/secrets/public-key$"),
     "GET /user/codespaces/secrets/public-key", "user_key"),
    ("GET", re.compile(r"^/repos/([^/]+)/([^/]+)/codespaces/secrets/public-key$"),
     "GET /repos/{owner}/{repo}/codespaces/secrets/public-key", "repo_key"),
    ("GET", re.compile(r"^/orgs/([^/]+)/codespaces/secrets/public-key$"),
     "GET /orgs/{org}/codespaces/secrets/public-key", "org_key"),
    ("PUT", re.compile(r"^/user/codespaces/secrets/([^/]+)/repositories/([^/]+)$"),
     "PUT /user/codespaces/secrets/{secret_name}/repositories/{repository_id}", "user_grant"),
    ("PUT", re.compile(r"^/user/codespaces/secrets/([^/]+)$"),
     "PUT /user/codespaces/secrets/{secret_name}", "user_put"),
    ("DELETE", re.compile(r"^/user/codespaces/secrets/([^/]+)$"),
     "DELETE /user/codespaces/secrets/{secret_name}", "user_delete"),
    ("PUT", re.compile(r"^/repos/([^/]+)/([^/]+)/codespaces/secrets/([^/]+)$"),
     "PUT /repos/{owner}/{repo}/codespaces/secrets/{secret_name}", "repo_put"),
    ("DELETE", re.compile(r"^/repos/([^/]+)/([^/]+)/codespaces/secrets/([^/]+)$"),
     "DELETE /repos/{owner}/{repo}/codespaces/secrets/{secret_name}", "repo_delete"),
    ("PUT", re.compile(r"^/orgs/([^/]+)/codespaces/secrets/([^/]+)/repositories/([^/]+)$"),
     "PUT /orgs/{org}/codespaces/secrets/{secret_name}/repositories/{repository_id}",
     "org_grant"),
    ("PUT", re.compile(r"^/orgs/([^/]+)/codespaces/secrets/([^/]+)$"),
     "PUT /orgs/{org}/codespaces/secrets/{secret_name}", "org_put"),
    ("DELETE", re.compile(r"^/orgs/([^/]+)/codespaces/secrets/([^/]+)$"),
     "DELETE /orgs/{org}/codespaces/secrets/{secret_name}", "org_delete"),
]
"""(method, raw path, schema key, handler) of the endpoints the repairs use."""

WRITE_SCOPES: dict[str, tuple[str, ...]] = {
    "user_key": ("codespace", "codespace:secrets"),
    "user_put": ("codespace", "codespace:secrets"),
    "user_delete": ("codespace", "codespace:secrets"),
    "user_grant": ("codespace", "codespace:secrets"),
    "repo_key": ("repo",), "repo_put": ("repo",), "repo_delete": ("repo",),
    "org_key": ("admin:org",), "org_put": ("admin:org",), "org_delete": ("admin:org",),
    "org_grant": ("admin:org",),
}
"""The classic scopes each write accepts (field guide, "Writing secrets")."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Keys:
    """One key pair per level, made fresh for each world."""

    pairs: dict[str, tuple[str, PrivateKey]]

    @classmethod
    def fresh(cls) -> Keys:
        return cls({})

    def of(self, level: str) -> tuple[str, PrivateKey]:
        if level not in self.pairs:
            key_id = str(568250167242549743 + len(self.pairs))
            self.pairs[level] = (key_id, PrivateKey.generate())
        return self.pairs[level]

    def public(self, level: str) -> dict[str, str]:
        key_id, private = self.of(level)
        return {"key_id": key_id,
                "key": base64.b64encode(bytes(private.public_key)).decode("ascii")}

    def open(self, level: str, body: dict) -> bytes:
        """The plaintext of a sealed `encrypted_value` (ValueError when it does not open)."""
        key_id, private = self.of(level)
        if body.get("key_id") != key_id:
            raise ValueError("key_id does not match the level's key")
        try:
            return SealedBox(private).decrypt(base64.b64decode(body["encrypted_value"]))
        except (CryptoError, ValueError, KeyError) as exc:
            raise ValueError("the value is not sealed to the level's key") from exc


class WriteMixin:
    """Handlers for the write routes; mixed into the stand-in's handler."""

    def _parse(self, key: str, raw: bytes) -> dict:
        from tests.lab.github_api import SCHEMAS, Refused

        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise Refused(400, "Problems parsing JSON") from None
        schema = SCHEMAS["requests"].get(key)
        if schema is not None:
            try:
                jsonschema.validate(body, schema)
            except jsonschema.ValidationError as exc:
                raise Refused(422, f"Invalid request: {exc.message}") from None
        return body

    def _level_of(self, world, name: str, groups: tuple[str, ...]) -> str:
        from tests.lab.github_api import Refused

        if name.startswith("repo_"):
            if "/".join(groups[:2]).lower() != world.repo.lower():
                raise Refused(404, "Not Found")
            return "repository"
        if name.startswith("org_"):
            if world.owner_type != "Organization" or groups[0] != world.repo.split("/")[0]:
                raise Refused(404, "Not Found")
            return "organization"
        return "user"

    def _secrets_of(self, world, level: str) -> list:
        return {"user": world.user_secrets, "repository": world.repo_secrets,
                "organization": world.org_secrets}[level]

    def _key(self, world, name, groups, body):
        return world.keys.public(self._level_of(world, name, groups)), 200

    _user_key = _repo_key = _org_key = _key

    def _put(self, world, name, groups, body):
        from tests.lab.github_api import Refused, Secret

        level = self._level_of(world, name, groups)
        secret_name = groups[-1]
        if not _NAME.match(secret_name) or secret_name.upper().startswith("GITHUB_"):
            raise Refused(422, "Secret names can only contain alphanumeric characters or "
                          "underscores and must not start with GITHUB_")
        try:
            value = world.keys.open(level, body)
        except ValueError as exc:
            raise Refused(422, str(exc)) from None
        secrets = self._secrets_of(world, level)
        existing = next((s for s in secrets if s.name.upper() == secret_name.upper()), None)
        by_id = {world.repo_id_of(r): r for r in (world.repo, *world.other_repos)}
        ids = [int(i) for i in body.get("selected_repository_ids") or []]
        repos = tuple(by_id.get(i, f"unknown/{i}") for i in ids)
        stamp = "2025-05-02T11:00:00Z"
        if existing is None:
            visibility = body.get("visibility", "selected")
            secrets.append(Secret(secret_name.upper(), updated_at=stamp, created_at=stamp,
                                  visibility=visibility, repos=repos, value=value))
            return None, 201
        existing.value, existing.updated_at = value, stamp
        if level == "user" or body.get("visibility") == "selected":
            existing.repos = repos
        if level == "organization":
            existing.visibility = body["visibility"]
        return None, 204

    _user_put = _repo_put = _org_put = _put

    def _delete(self, world, name, groups, body):
        from tests.lab.github_api import _find

        level = self._level_of(world, name, groups)
        secrets = self._secrets_of(world, level)
        secrets.remove(_find(secrets, groups[-1]))
        return None, 204

    _user_delete = _repo_delete = _org_delete = _delete

    def _grant(self, world, name, groups, body):
        from tests.lab.github_api import Refused, _find

        level = self._level_of(world, name, groups)
        secret = _find(self._secrets_of(world, level), groups[-2])
        if level == "organization" and secret.visibility != "selected":
            raise Refused(409, "Conflict when visibility type is not set to selected")
        by_id = {world.repo_id_of(r): r for r in (world.repo, *world.other_repos)}
        target = by_id.get(int(groups[-1]))
        if target is None:
            raise Refused(404, "Not Found")
        if target not in secret.repos:
            secret.repos = (*secret.repos, target)
        return None, 204

    _user_grant = _org_grant = _grant
