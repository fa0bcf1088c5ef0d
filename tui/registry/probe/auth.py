"""Credentials for the registry: a Basic header, or a Bearer token from the token service.

Bearer: `GET <realm>?service=…&scope=…` with Basic auth (anonymous without it); a token
service that answers 404/405/400 to that gets `POST <realm>` with `grant_type=password`.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from tui.encoding import encode_base64
from tui.i18n import t
from tui.model import Secret
from tui.registry.probe import classify
from tui.registry.probe.challenge import Challenge
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Session


def basic_header(username: str, password: Secret) -> str:
    """`Basic base64(user:password)` (for the wire only)."""
    raw = f"{username}:{password.reveal()}".encode("utf-8", "surrogatepass")
    return "Basic " + encode_base64(raw)


def authorization(
    session: Session, challenge: Challenge | None, username: str | None,
    password: Secret | None, scope: str | None,
) -> str | None:
    """The Authorization header value answering `challenge` (None: go anonymous)."""
    if challenge is None:
        return None
    if challenge.scheme == "bearer":
        return "Bearer " + fetch_token(session, challenge, username, password, scope)
    if username is not None and password is not None:
        return basic_header(username, password)
    return None


def fetch_token(
    session: Session, challenge: Challenge, username: str | None, password: Secret | None,
    scope: str | None,
) -> str:
    """A Bearer token from the challenge's realm; failures raise ProbeFailure at stage `token`."""
    realm = challenge.realm
    parts = urlsplit(realm)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProbeFailure(
            "TOKEN_SERVICE_FAILED", "token",
            t("The registry's Bearer challenge names no usable token service (realm {realm}).",
              realm=repr(realm)),
        )
    with_credentials = username is not None and password is not None
    query: dict[str, str] = {}
    if challenge.params.get("service"):
        query["service"] = challenge.params["service"]
    if scope:
        query["scope"] = scope
    if with_credentials:
        query["account"] = username or ""
    query["client_id"] = "registry-doctor"
    headers = {"Accept": "application/json"}
    if with_credentials:
        headers["Authorization"] = basic_header(username or "", password)  # type: ignore[arg-type]
    separator = "&" if parts.query else "?"
    url = realm + (separator + urlencode(query) if query else "")
    response = _ask(session, "GET", url, headers, None, realm)
    if with_credentials and response.status in (400, 404, 405):
        form = {"grant_type": "password", "username": username or "",
                "password": password.reveal(), "client_id": "registry-doctor"}  # type: ignore[union-attr]
        if challenge.params.get("service"):
            form["service"] = challenge.params["service"]
        if scope:
            form["scope"] = scope
        body = urlencode(form).encode()
        response = _ask(
            session, "POST", realm,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            body, realm,
        )
    return classify.classify_token(response, realm, with_credentials)


def _ask(session: Session, method: str, url: str, headers, body, realm: str):
    try:
        return session.request(method, url, headers, body, stage="token", max_body=256 * 1024)
    except ProbeFailure as failure:
        raise ProbeFailure(
            "TOKEN_SERVICE_FAILED", "token",
            t("The token service {realm} cannot be reached: {detail}", realm=realm,
              detail=failure.detail),
        ) from None
