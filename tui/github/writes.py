"""Writes to GitHub's Codespaces secrets, for the repairs: public keys, sealed values, grants.

Every request goes through the GitHub step's bounded client (`tui.github.api`). A value is
sealed in memory with a libsodium sealed box to the level's public key (PyNaCl, as GitHub
documents) and only its ciphertext leaves the process. Paths name the level: `user`,
`repository` (`/repos/{owner}/{repo}`) or `organization` (`/orgs/{org}`).
"""

from __future__ import annotations

import base64

from tui.github.api import ApiRefused, GithubClient, Refusal
from tui.github.levels import Level
from tui.model import Secret
from tui.record import record


@record(frozen=True)
class PublicKey:
    """A level's public key: its id and the base64 X25519 key."""

    key_id: str
    key: str


def seal(value: Secret, key: PublicKey) -> str:
    """The base64 sealed box of a value to the public key (`encrypted_value`)."""
    from nacl.encoding import Base64Encoder
    from nacl.public import PublicKey as NaclKey
    from nacl.public import SealedBox

    box = SealedBox(NaclKey(key.key.encode(), encoder=Base64Encoder))
    return base64.b64encode(box.encrypt(value.reveal().encode())).decode("ascii")


def public_key(client: GithubClient, level: Level) -> PublicKey:
    """`GET …/secrets/public-key` of the level."""
    data = client.get(level.public_key)
    if not isinstance(data, dict) or not data.get("key_id") or not data.get("key"):
        raise ApiRefused(Refusal("error", 200, f"{level.public_key} answered without a key"))
    return PublicKey(str(data["key_id"]), str(data["key"]))


def put_secret(client: GithubClient, level: Level, name: str, value: Secret,
               repository_ids: list[int] | None = None, visibility: str | None = None,
               key: PublicKey | None = None) -> None:
    """`PUT …/secrets/{name}`: the sealed value (and, for user and organization secrets,
    the repositories it reaches: never more than given)."""
    key = key or public_key(client, level)
    body: dict[str, object] = {"encrypted_value": seal(value, key), "key_id": key.key_id}
    if level.kind == "user":
        body["selected_repository_ids"] = list(repository_ids or [])
    elif level.kind == "organization":
        body["visibility"] = visibility or "selected"
        if body["visibility"] == "selected":
            body["selected_repository_ids"] = list(repository_ids or [])
    client.send("PUT", level.secret(name), body)


def delete_secret(client: GithubClient, level: Level, name: str) -> None:
    """`DELETE …/secrets/{name}`."""
    client.send("DELETE", level.secret(name))


def grant(client: GithubClient, level: Level, name: str, repository_id: int) -> None:
    """`PUT …/secrets/{name}/repositories/{repository_id}`: one more repository, no other."""
    client.send("PUT", level.grant(name, repository_id))
