"""A stand-in for GitHub's REST API on loopback, for the GitHub step's tests.

It serves the endpoints the step asks (repository, codespace, user / repository /
organization Codespaces secrets and their repositories, container packages, `/user`) from a
`World` the test sets, builds every 200 answer from the examples of the official schemas
(`tests/data/github-api-schemas.json`, GitHub's OpenAPI description) and keeps each answer
in `served` so the tests validate it against its schema. It behaves as GitHub documents:
`X-OAuth-Scopes` on every answer for a classic token, 403 with `X-Accepted-OAuth-Scopes`
when a scope is missing, "Resource not accessible by integration" for a codespace's own
token, 401 for an unknown token, 404 for a package name whose `/` is not sent as `%2F`,
pagination with `per_page`/`page` and a `Link` header, rate-limit headers on every answer.
Faults: `silent` (never answers), `rate-403` and `rate-429` (`X-RateLimit-Remaining: 0`).

Bound to 127.0.0.1 only; started once per session by the `github_api` fixture and stopped
by the handle that started it.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from tests.lab.github_bodies import (  # noqa: F401 - re-exported for the tests
    EXAMPLES,
    SCHEMA_FILE,
    SCHEMAS,
    full_repository,
    minimal_repository,
)
from tests.lab.github_writes import WRITE_ROUTES, WRITE_SCOPES, Keys, WriteMixin
from tests.lab.httpserve import LabHandler, LabHTTPServer

RESET_EPOCH = 1_900_000_000
"""The fixed `X-RateLimit-Reset` the stand-in sends (2030-03-17 17:46:40 UTC)."""
INTEGRATION = "Resource not accessible by integration"


@dataclass
class Token:
    """A token the stand-in knows: classic scopes, or None for a codespace's own token."""

    scopes: tuple[str, ...] | None
    login: str = "monalisa"


@dataclass
class Secret:
    """A Codespaces secret of the world (names and dates only: the stand-in has no values)."""

    name: str
    updated_at: str = "2025-04-30T08:00:00Z"
    created_at: str = "2025-04-30T08:00:00Z"
    visibility: str = "selected"
    repos: tuple[str, ...] = ()
    """Full names of the repositories a `selected` secret is granted to."""
    value: bytes | None = None
    """What a repair stored, decrypted with the level's private key (None: never written)."""


@dataclass
class Package:
    """A container package: visibility and the repository it is linked to."""

    visibility: str
    repository: str | None = None
    repository_visibility: str = "private"


@dataclass
class World:
    """What the stand-in's GitHub holds for one test."""

    repo: str = "acme/app"
    repo_id: int = 700100200
    visibility: str = "private"
    owner_type: str = "Organization"
    fork: bool = False
    push: bool = True
    codespace: str = "monalisa-app-x7q9v4wr5p2"
    last_used_at: str = "2025-05-02T09:40:58Z"
    pull_request: bool = False
    user_secrets: list[Secret] = field(default_factory=list)
    repo_secrets: list[Secret] = field(default_factory=list)
    org_secrets: list[Secret] = field(default_factory=list)
    packages: dict[tuple[str, str, str], Package] = field(default_factory=dict)
    """(orgs|users, owner, package name) -> package."""
    tokens: dict[str, Token] = field(default_factory=dict)
    fault: str | None = None
    other_repos: dict[str, int] = field(default_factory=dict)
    """Full name -> id of other repositories secrets may be granted to."""
    keys: Keys = field(default_factory=Keys.fresh)
    """The key pair of each level (the stand-in decrypts what it is sent)."""

    def repo_id_of(self, full_name: str) -> int:
        if full_name == self.repo:
            return self.repo_id
        return self.other_repos.setdefault(full_name, 700200000 + len(self.other_repos))


@dataclass
class Served:
    """One answer the stand-in gave: the schema key, status and body (and the request path)."""

    key: str | None
    status: int
    body: object
    path: str


class GithubApi:
    """The stand-in server; `world` may be replaced between tests."""

    def __init__(self) -> None:
        self.world = World()
        self.served: list[Served] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        """(path with query, headers without Authorization) of every request."""
        self.calls: list[tuple[str, str]] = []
        """(method, path) of every request."""
        self.lock = threading.Lock()
        api = self

        class Handler(GithubHandler):
            stand_in = api

        self.server = LabHTTPServer("127.0.0.1", Handler)

    @property
    def url(self) -> str:
        return f"http://{self.server.hostport}"

    def start(self) -> GithubApi:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def reset(self, world: World) -> None:
        """A new world for the next test; forgets what was served."""
        with self.lock:
            self.world = world
            self.served.clear()
            self.requests.clear()
            self.calls.clear()


ROUTES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^/user$"), "GET /user", "user"),
    (re.compile(r"^/user/codespaces/secrets$"), "GET /user/codespaces/secrets", "user_secrets"),
    (re.compile(r"^/user/codespaces/secrets/([^/]+)/repositories$"),
     "GET /user/codespaces/secrets/{secret_name}/repositories", "user_secret_repos"),
    (re.compile(r"^/user/codespaces/([^/]+)$"), "GET /user/codespaces/{codespace_name}",
     "codespace"),
    (re.compile(r"^/repos/([^/]+)/([^/]+)$"), "GET /repos/{owner}/{repo}", "repo"),
    (re.compile(r"^/repos/([^/]+)/([^/]+)/codespaces/secrets$"),
     "GET /repos/{owner}/{repo}/codespaces/secrets", "repo_secrets"),
    (re.compile(r"^/orgs/([^/]+)/codespaces/secrets$"), "GET /orgs/{org}/codespaces/secrets",
     "org_secrets"),
    (re.compile(r"^/orgs/([^/]+)/codespaces/secrets/([^/]+)/repositories$"),
     "GET /orgs/{org}/codespaces/secrets/{secret_name}/repositories", "org_secret_repos"),
    (re.compile(r"^/(orgs)/([^/]+)/packages/container/([^/]+)$"),
     "GET /orgs/{org}/packages/{package_type}/{package_name}", "package"),
    (re.compile(r"^/(users)/([^/]+)/packages/container/([^/]+)$"),
     "GET /users/{username}/packages/{package_type}/{package_name}", "package"),
]
"""Raw path (still percent-encoded) -> schema key and handler: an unencoded `/` in a
package name matches nothing and gets GitHub's 404."""

SCOPE_OF: dict[str, tuple[str, ...]] = {
    "codespace": ("codespace",),
    "user_secrets": ("codespace", "codespace:secrets"),
    "user_secret_repos": ("codespace", "codespace:secrets"),
    "repo_secrets": ("repo",),
    "org_secrets": ("admin:org",),
    "org_secret_repos": ("admin:org",),
    "package": ("read:packages", "write:packages", "delete:packages"),
}
"""The classic scopes each endpoint accepts ([OAS]); the repository needs `repo` when private."""

INTEGRATION_REFUSES = {"codespace", "user_secrets", "user_secret_repos", "repo_secrets",
                       "org_secrets", "org_secret_repos", "package"}
"""What a codespace's own token may not ask (field guide: endpoints 1–6, 8, 9, 11)."""

PERMISSION_OF = {"user_secrets": "codespaces_user_secrets=read"}
"""`X-Accepted-GitHub-Permissions` sent with a refusal (the header's `name=level` form, as the
field guide shows it; the stand-in sends it for the user secrets list only)."""


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class GithubHandler(WriteMixin, LabHandler):
    """Answers as GitHub's REST API would, from the stand-in's current world."""

    stand_in: GithubApi

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        api = self.stand_in
        world = api.world
        raw = self.read_body() if method != "GET" else b""
        shown = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        with api.lock:
            api.requests.append((self.path, shown))
            api.calls.append((method, urlsplit(self.path).path))
        if world.fault == "silent":
            self.hang()
            return
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        token = self._token(world)
        limits = self._limits(world)
        try:
            if self.headers.get("X-GitHub-Api-Version") != "2022-11-28":
                raise Refused(400, "Unsupported API version")
            if token is None:
                raise Refused(401, "Bad credentials")
            if world.fault in ("rate-403", "rate-429"):
                limits["X-RateLimit-Remaining"] = "0"
                limits["X-RateLimit-Used"] = "5000"
                status = 403 if world.fault == "rate-403" else 429
                extra = {"Retry-After": "60"} if status == 429 else {}
                raise Refused(status, "API rate limit exceeded for user ID 583231.", extra)
            written = self._write_route(method, parts.path)
            if written is not None:
                key, name, groups = written
                self._check_scope(world, token, name)
                data = self._parse(key, raw) if method == "PUT" else {}
                answer, status = getattr(self, f"_{name}")(world, name, groups, data)
                if status == 204:
                    self._send(None, 204, None, {**limits, **self._scope_headers(token)})
                    return
                self._send(key, status, answer if answer is not None else {},
                           {**limits, **self._scope_headers(token)})
                return
            if method != "GET":
                raise Refused(404, "Not Found")
            key, name, groups = self._route(parts.path)
            self._check_scope(world, token, name)
            body, headers = getattr(self, f"_{name}")(world, groups, query, token)
        except Refused as refused:
            headers = {**limits, **refused.headers, **self._scope_headers(token)}
            body = {"message": refused.message,
                    "documentation_url": "https://docs.github.com/rest",
                    "status": str(refused.status)}
            self._send(None, refused.status, body, headers)
            return
        self._send(key, 200, body, {**limits, **headers, **self._scope_headers(token)})

    # --- plumbing

    def _send(self, key: str | None, status: int, body: object, headers: dict[str, str]) -> None:
        with self.stand_in.lock:
            self.stand_in.served.append(Served(key, status, body, self.path))
        if status == 204:
            self.reply(204, b"", headers)
            return
        self.reply(status, json.dumps(body).encode(), headers, "application/json; charset=utf-8")

    @staticmethod
    def _write_route(method: str, path: str) -> tuple[str, str, tuple[str, ...]] | None:
        for verb, pattern, key, name in WRITE_ROUTES:
            match = pattern.match(path)
            if verb == method and match:
                return key, name, tuple(unquote(g) for g in match.groups())
        return None

    def _token(self, world: World) -> Token | None:
        auth = self.headers.get("Authorization") or ""
        scheme, _, value = auth.partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return None
        return world.tokens.get(value.strip())

    @staticmethod
    def _limits(world: World) -> dict[str, str]:
        return {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4990",
                "X-RateLimit-Used": "10", "X-RateLimit-Reset": str(RESET_EPOCH),
                "X-RateLimit-Resource": "core", "X-GitHub-Media-Type": "github.v3"}

    @staticmethod
    def _scope_headers(token: Token | None) -> dict[str, str]:
        if token is None or token.scopes is None:
            return {}
        return {"X-OAuth-Scopes": ", ".join(token.scopes)}

    @staticmethod
    def _route(path: str) -> tuple[str, str, tuple[str, ...]]:
        for pattern, key, name in ROUTES:
            match = pattern.match(path)
            if match:
                return key, name, tuple(unquote(g) for g in match.groups())
        raise Refused(404, "Not Found")

    @staticmethod
    def _check_scope(world: World, token: Token, name: str) -> None:
        accepted = SCOPE_OF.get(name, ()) or WRITE_SCOPES.get(name, ())
        if name == "repo" and world.visibility != "public":
            accepted = ("repo",)
        if token.scopes is None:
            if name in INTEGRATION_REFUSES or name in WRITE_SCOPES:
                permission = PERMISSION_OF.get(name)
                raise Refused(403, INTEGRATION, {"X-Accepted-GitHub-Permissions": permission}
                              if permission else {})
            return
        if accepted and not set(accepted) & set(_implied(token.scopes)):
            if name == "repo":  # a private repository is hidden, not forbidden
                raise Refused(404, "Not Found")
            wanted = ", ".join(accepted)
            raise Refused(403, f"You need at least one of these scopes: {wanted}",
                          {"X-Accepted-OAuth-Scopes": wanted})

    def _page(self, items: list, query: dict[str, str], key: str) -> tuple[dict, dict[str, str]]:
        per_page = max(1, min(100, int(query.get("per_page", "30"))))
        page = max(1, int(query.get("page", "1")))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        headers: dict[str, str] = {}
        if last > 1:
            base = f"http://{self.headers.get('Host')}{urlsplit(self.path).path}"
            links = []
            if page < last:
                links.append(f'<{base}?per_page={per_page}&page={page + 1}>; rel="next"')
                links.append(f'<{base}?per_page={per_page}&page={last}>; rel="last"')
            if page > 1:
                links.append(f'<{base}?per_page={per_page}&page=1>; rel="first"')
                links.append(f'<{base}?per_page={per_page}&page={page - 1}>; rel="prev"')
            headers["Link"] = ", ".join(links)
        return {"total_count": len(items), key: chunk}, headers

    # --- the endpoints

    def _user(self, world, groups, query, token):
        body = copy.deepcopy(EXAMPLES["GET /user"])
        body["login"] = token.login
        return body, {}

    def _repo(self, world, groups, query, token):
        full = "/".join(groups)
        if full.lower() != world.repo.lower():
            raise Refused(404, "Not Found")
        return full_repository(world), {}

    def _codespace(self, world, groups, query, token):
        if groups[0] != world.codespace:
            raise Refused(404, "Not Found")
        body = copy.deepcopy(EXAMPLES["GET /user/codespaces/{codespace_name}"])
        body["name"] = world.codespace
        body["last_used_at"] = world.last_used_at
        body["repository"] = minimal_repository(world, world.repo, world.visibility,
                                                fork=world.fork)
        body["pulls_url"] = (f"https://api.github.com/repos/{world.repo}/pulls/7"
                             if world.pull_request else None)
        return body, {}

    def _user_secrets(self, world, groups, query, token):
        items = [{"name": s.name, "created_at": s.created_at, "updated_at": s.updated_at,
                  "visibility": s.visibility,
                  "selected_repositories_url": f"https://api.github.com/user/codespaces/"
                                               f"secrets/{s.name}/repositories"}
                 for s in world.user_secrets]
        return self._page(items, query, "secrets")

    def _user_secret_repos(self, world, groups, query, token):
        secret = _find(world.user_secrets, groups[0])
        repos = [minimal_repository(world, r, "private") for r in secret.repos]
        return {"total_count": len(repos), "repositories": repos}, {}

    def _repo_secrets(self, world, groups, query, token):
        if "/".join(groups).lower() != world.repo.lower():
            raise Refused(404, "Not Found")
        items = [{"name": s.name, "created_at": s.created_at, "updated_at": s.updated_at}
                 for s in world.repo_secrets]
        return self._page(items, query, "secrets")

    def _org_secrets(self, world, groups, query, token):
        if world.owner_type != "Organization" or groups[0] != world.repo.split("/")[0]:
            raise Refused(404, "Not Found")
        items = [{"name": s.name, "created_at": s.created_at, "updated_at": s.updated_at,
                  "visibility": s.visibility,
                  "selected_repositories_url": f"https://api.github.com/orgs/{groups[0]}/"
                                               f"codespaces/secrets/{s.name}/repositories"}
                 for s in world.org_secrets]
        return self._page(items, query, "secrets")

    def _org_secret_repos(self, world, groups, query, token):
        secret = _find(world.org_secrets, groups[1])
        repos = [minimal_repository(world, r, "private") for r in secret.repos]
        return self._page(repos, query, "repositories")

    def _package(self, world, groups, query, token):
        kind, owner, name = groups
        package = world.packages.get((kind, owner, name))
        if package is None:
            raise Refused(404, "Package not found.")
        body = copy.deepcopy(EXAMPLES["GET /orgs/{org}/packages/{package_type}/{package_name}"])
        encoded = name.replace("/", "%2F")
        body["name"] = name
        body["visibility"] = package.visibility
        body["url"] = f"https://api.github.com/{kind}/{owner}/packages/container/{encoded}"
        body["html_url"] = f"https://github.com/{kind}/{owner}/packages/container/package/{encoded}"
        body["owner"]["login"] = owner
        body["owner"]["type"] = "Organization" if kind == "orgs" else "User"
        body["repository"] = (minimal_repository(world, package.repository,
                                                 package.repository_visibility)
                              if package.repository else None)
        return body, {}


def _implied(scopes: tuple[str, ...]) -> set[str]:
    have = set(scopes)
    if "codespace" in have:
        have.add("codespace:secrets")
    for scope in scopes:
        kind, _, what = scope.partition(":")
        if kind == "admin":
            have.update({f"write:{what}", f"read:{what}"})
        if kind == "write":
            have.add(f"read:{what}")
    return have


def _find(secrets: list[Secret], name: str) -> Secret:
    for secret in secrets:
        if secret.name.upper() == name.upper():
            return secret
    raise Refused(404, "Not Found")
