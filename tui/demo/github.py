"""The demo's own GitHub API on loopback: enough of GitHub's REST answers for the GitHub step
to run live in `--demo`, and for `f` to grant a secret and watch the step turn green.

Its GitHub holds the demo sets as user secrets of `acme/app`'s user, all granted to
`acme/app` except DEMO's, which are granted to `acme/website` only: the codespace still holds
DEMO's values from an earlier start, so the step warns (SECRET_NOT_GRANTED) and `f` grants
it. Writes are answered as GitHub does (a PUT's value must open with the demo's private key,
and is then dropped: it is never kept or shown); nothing leaves 127.0.0.1 and `stop()`
closes the socket.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from tui.record import field, record

DEMO_TOKEN = "ghp_demoTokenForTheLoopbackApiOnly00000"
"""The demo's token: known only to the demo's API (never a real one)."""
REPO, REPO_ID, OTHER, OTHER_ID = "acme/app", 700100200, "acme/website", 700100201
SCOPES = "repo, codespace, read:packages, admin:org"
STARTED = "2026-11-27T08:30:00Z"
CHANGED = "2026-11-20T10:00:00Z"
SETS = ("DEMO", "TEAM", "MIRROR", "ECR")


@record
class DemoSecret:
    """A user secret of the demo's GitHub (names and grants; a value only once written)."""

    name: str
    repos: list[int] = field(default_factory=lambda: [REPO_ID])
    updated_at: str = CHANGED


def demo_world() -> dict[str, list[DemoSecret]]:
    """What the demo's GitHub holds: user secrets and the repository's secrets."""
    user = [DemoSecret(f"{prefix}_CONTAINER_REGISTRY_{f}",
                       [OTHER_ID] if prefix == "DEMO" else [REPO_ID])
            for prefix in SETS for f in ("SERVER", "USER", "PASSWORD")]
    user += [DemoSecret(f"ACR_CONTAINER_REGISTRY_{f}") for f in ("SERVER", "USERNAME",
                                                                 "PASSWORD")]
    return {"user": user, "repository": []}


def _repo(full_name: str, repo_id: int) -> dict[str, object]:
    owner, _, name = full_name.partition("/")
    return {"id": repo_id, "name": name, "full_name": full_name, "private": True,
            "visibility": "private", "fork": False,
            "owner": {"login": owner, "type": "Organization"},
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True,
                            "pull": True},
            "html_url": f"https://github.com/{full_name}",
            "url": f"https://api.github.com/repos/{full_name}"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Authorization", "") != f"Bearer {DEMO_TOKEN}":
            self._answer(401, {"message": "Bad credentials"})
            return
        path = urlsplit(self.path).path
        with self.server.lock:
            status, answer = self.server.api.route(method, path, body)
        self._answer(status, answer)

    def _answer(self, status: int, answer: object) -> None:
        data = b"" if status == 204 else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("X-OAuth-Scopes", SCOPES)
        self.send_header("X-RateLimit-Remaining", "4999")
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: DemoGithub
    lock: threading.Lock


_SECRET = re.compile(r"^/user/codespaces/secrets/([^/]+)$")
_GRANTS = re.compile(r"^/user/codespaces/secrets/([^/]+)/repositories$")
_GRANT = re.compile(r"^/user/codespaces/secrets/([^/]+)/repositories/(\d+)$")


class DemoGithub:
    """Start it, point `GITHUB_API_URL` at `url`, stop it on exit."""

    def __init__(self, codespace: str) -> None:
        from nacl.public import PrivateKey

        self.codespace = codespace
        self.world = demo_world()
        self.key = PrivateKey.generate()
        self.server: _Server | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> str:
        """Serve on a free loopback port; the API's base URL."""
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.api, self.server.lock = self, threading.Lock()
        threading.Thread(target=self.server.serve_forever, name="demo-github",
                         kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def route(self, method: str, path: str, body: bytes) -> tuple[int, object]:
        """One request: (status, JSON answer)."""
        user = self.world["user"]
        if method == "GET" and path == f"/repos/{REPO}":
            return 200, _repo(REPO, REPO_ID)
        if method == "GET" and path == f"/user/codespaces/{self.codespace}":
            return 200, {"name": self.codespace, "last_used_at": STARTED, "state": "Available",
                         "repository": _repo(REPO, REPO_ID), "pulls_url": None}
        if method == "GET" and path == "/user/codespaces/secrets":
            return 200, {"total_count": len(user), "secrets": [
                {"name": s.name, "created_at": CHANGED, "updated_at": s.updated_at,
                 "visibility": "selected", "selected_repositories_url":
                 f"https://api.github.com/user/codespaces/secrets/{s.name}/repositories"}
                for s in user]}
        if method == "GET" and path == f"/repos/{REPO}/codespaces/secrets":
            items = self.world["repository"]
            return 200, {"total_count": len(items), "secrets": [
                {"name": s.name, "created_at": CHANGED, "updated_at": s.updated_at}
                for s in items]}
        if method == "GET" and path == "/orgs/acme/codespaces/secrets":
            return 200, {"total_count": 0, "secrets": []}
        if method == "GET" and path == "/user/codespaces/secrets/public-key":
            return 200, {"key_id": "demo-key-1",
                         "key": base64.b64encode(bytes(self.key.public_key)).decode()}
        return self._secret_route(method, path, body)

    def _secret_route(self, method: str, path: str, body: bytes) -> tuple[int, object]:
        user = self.world["user"]
        if (match := _GRANTS.match(path)) and method == "GET":
            secret = self._find(unquote(match[1]))
            if secret is None:
                return 404, {"message": "Not Found"}
            names = {REPO_ID: REPO, OTHER_ID: OTHER}
            repos = [_repo(names[i], i) for i in secret.repos if i in names]
            return 200, {"total_count": len(repos), "repositories": repos}
        if (match := _GRANT.match(path)) and method == "PUT":
            secret = self._find(unquote(match[1]))
            if secret is None:
                return 404, {"message": "Not Found"}
            if int(match[2]) not in secret.repos:
                secret.repos.append(int(match[2]))
            return 204, None
        if (match := _SECRET.match(path)) and method in ("PUT", "DELETE"):
            name = unquote(match[1]).upper()
            secret = self._find(name)
            if method == "DELETE":
                if secret is None:
                    return 404, {"message": "Not Found"}
                user.remove(secret)
                return 204, None
            return self._put(name, secret, body)
        return 404, {"message": "Not Found"}

    def _put(self, name: str, secret: DemoSecret | None, body: bytes) -> tuple[int, object]:
        from nacl.public import SealedBox

        try:
            data = json.loads(body)
            SealedBox(self.key).decrypt(base64.b64decode(data["encrypted_value"]))
        except Exception:  # a body GitHub would refuse
            return 422, {"message": "Invalid request"}
        repos = [int(i) for i in data.get("selected_repository_ids") or []]
        if secret is None:
            self.world["user"].append(DemoSecret(name, repos, STARTED))
            return 201, {}
        secret.repos, secret.updated_at = repos, STARTED
        return 204, None

    def _find(self, name: str) -> DemoSecret | None:
        return next((s for s in self.world["user"] if s.name.upper() == name.upper()), None)
