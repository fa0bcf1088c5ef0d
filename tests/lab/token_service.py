"""The lab's token service for the token-auth registry: Docker's token protocol (GET with Basic
auth) and OAuth2 (POST grant_type=password / refresh_token), ES256 JWTs that distribution 2.8
accepts (x5c header, raw r||s signature, `aud` a string, `access` = grants ∩ requested scope)."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from tests.lab.certs import self_signed
from tests.lab.httpserve import LabHandler, LabHTTPServer

TOKEN_LIFETIME_S = 300
ALL_ACTIONS = ("pull", "push", "delete", "*")

# user -> {repository name or "*": actions}; "" is the anonymous user.
Grants = dict[str, dict[str, tuple[str, ...]]]


def b64url(data: bytes) -> str:
    """Unpadded base64url, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Signer:
    """An ES256 key and the self-signed certificate the registry trusts (its rootcertbundle)."""

    key: ec.EllipticCurvePrivateKey
    cert_der: bytes

    @classmethod
    def create(cls, bundle: Path) -> Signer:
        """A new signing key; writes its certificate to `bundle` for the registry config."""
        cert, key = self_signed("registry-doctor lab token signer", [])
        bundle.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cls(key, cert.public_bytes(serialization.Encoding.DER))

    def jwt(self, claims: dict) -> str:
        """A compact JWS of `claims`, signed ES256 with a raw r||s signature."""
        header = {"typ": "JWT", "alg": "ES256", "x5c": [base64.b64encode(self.cert_der).decode()]}
        signing_input = (
            f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        )
        r, s = decode_dss_signature(
            self.key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        )
        return f"{signing_input}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def parse_scopes(values: list[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """`repository:team/app:pull,push` (repeated or space-separated) -> (type, name, actions)."""
    scopes = []
    for value in values:
        for item in value.split():
            kind, sep, rest = item.partition(":")
            name, sep2, actions = rest.rpartition(":")
            if sep and sep2 and name:
                scopes.append((kind, name, tuple(a for a in actions.split(",") if a)))
    return scopes


@dataclass
class TokenService:
    """A threaded token service on 127.0.0.1:PORT with fixed users and grants."""

    issuer: str
    service: str
    passwords: dict[str, str]
    grants: Grants
    signer: Signer
    log: Path | None = None
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: LabHTTPServer | None = None

    @property
    def host(self) -> str:
        """ "127.0.0.1:PORT"."""
        assert self.server is not None
        return self.server.hostport

    @property
    def realm(self) -> str:
        """The realm URL the registry names in its Bearer challenge."""
        return f"http://{self.host}/token"

    def allowed(self, user: str, kind: str, name: str, wanted: tuple[str, ...]) -> list[str]:
        """The requested actions `user` may do on `kind:name`."""
        if kind == "registry":
            return list(wanted) if user == "alice" and name == "catalog" else []
        if kind != "repository":
            return []
        mine = self.grants.get(user, {})
        granted = set(mine.get(name, ())) | set(mine.get("*", ()))
        if "*" in granted:
            granted |= set(ALL_ACTIONS)
        return [action for action in wanted if action in granted]

    def token_for(self, user: str, scopes: list[tuple[str, str, tuple[str, ...]]]) -> dict:
        """The JSON answer with a token for `user` ("" anonymous) over `scopes`."""
        now = int(time.time())
        access = []
        for kind, name, wanted in scopes:
            actions = self.allowed(user, kind, name, wanted)
            if actions:
                access.append({"type": kind, "name": name, "actions": actions})
        claims = {
            "iss": self.issuer,
            "sub": user,
            "aud": self.service,
            "exp": now + TOKEN_LIFETIME_S,
            "nbf": now - 5,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": access,
        }
        token = self.signer.jwt(claims)
        with self.lock:
            self.issued += 1
        issued_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
        return {
            "token": token,
            "access_token": token,
            "expires_in": TOKEN_LIFETIME_S,
            "issued_at": issued_at,
        }

    def new_refresh_token(self, user: str) -> str:
        """An opaque refresh token for `user`."""
        value = f"lab-refresh-{secrets.token_hex(12)}"
        with self.lock:
            self.refresh_tokens[value] = user
        return value

    def start(self) -> TokenService:
        """Serve on 127.0.0.1 on a free port."""
        service = self

        class Handler(TokenHandler):
            owner = service

        self.server = LabHTTPServer("127.0.0.1", Handler, log=self.log).start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self.server is not None:
            self.server.stop()


UNAUTHORIZED = {
    "errors": [{"code": "UNAUTHORIZED", "message": "invalid username or password"}],
    "details": "incorrect username or password",
}


class TokenHandler(LabHandler):
    """GET /token (Basic auth or anonymous) and POST /token (OAuth2 form)."""

    owner: TokenService

    def basic_user(self) -> str | None:
        """The user of a valid Basic header, "" without one, None for bad credentials."""
        header = self.headers.get("Authorization")
        if not header:
            return ""
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = (
                base64.b64decode(value.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user if self.check(user, password) else None

    def check(self, user: str, password: str) -> bool:
        expected = self.owner.passwords.get(user)
        return expected is not None and secrets.compare_digest(expected, password)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/token":
            self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            return
        query = parse_qs(url.query)
        user = self.basic_user()
        if user is None:
            self.reply(401, UNAUTHORIZED, {"WWW-Authenticate": 'Basic realm="lab-token"'})
            return
        answer = self.owner.token_for(user, parse_scopes(query.get("scope", [])))
        if user and query.get("offline_token", ["false"])[0] == "true":
            answer["refresh_token"] = self.owner.new_refresh_token(user)
        self.reply(200, answer)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            return
        form = parse_qs(self.read_body().decode("utf-8", errors="replace"))
        grant = form.get("grant_type", [""])[0]
        scopes = parse_scopes(form.get("scope", []))
        if grant == "password":
            user = form.get("username", [""])[0]
            if not self.check(user, form.get("password", [""])[0]):
                self.reply(401, UNAUTHORIZED)
                return
        elif grant == "refresh_token":
            user = self.owner.refresh_tokens.get(form.get("refresh_token", [""])[0], "")
            if not user:
                self.reply(
                    401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid refresh token"}]}
                )
                return
        else:
            self.reply(400, {"error": "unsupported_grant_type"})
            return
        answer = self.owner.token_for(user, scopes)
        answer.pop("token")
        if form.get("access_type", [""])[0] == "offline":
            answer["refresh_token"] = self.owner.new_refresh_token(user)
        self.reply(200, answer)
