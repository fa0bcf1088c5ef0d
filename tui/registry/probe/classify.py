"""Turn registry answers into finding codes (a raised ProbeFailure) with what was seen."""

from __future__ import annotations

import json
import re

from tui.i18n import _, t
from tui.registry.probe.challenge import Challenge, parse_challenges
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Response

_MAX_QUOTE = 200


def registry_errors(response: Response) -> list[tuple[str, str]]:
    """The `{"errors": [{"code", "message"}]}` of a registry answer, if it has one."""
    try:
        data = json.loads(response.body or b"{}")
    except ValueError:
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return []
    return [
        (str(item.get("code", "")).upper(), str(item.get("message", "")))
        for item in errors if isinstance(item, dict)
    ]


def quote_body(response: Response) -> str:
    """A short, single-line quote of the answer (registry error text, else the body start)."""
    errors = registry_errors(response)
    if errors:
        text = "; ".join(f"{code}: {message}" if message else code for code, message in errors)
    else:
        text = re.sub(r"<[^>]+>", " ", response.text)
    text = " ".join(text.split())
    return text[:_MAX_QUOTE] + ("…" if len(text) > _MAX_QUOTE else "")


def status_line(response: Response) -> str:
    return f"HTTP {response.status} {response.reason}".strip()


def answered(what: str, response: Response, quote: str | None = None) -> str:
    """`WHAT answered HTTP 401 Unauthorized: quote` (the quote as the registry sent it)."""
    text = quote_body(response) if quote is None else quote
    return t("{what} answered {status}: {quote}", what=what, status=status_line(response),
             quote=text or _("(no body)"))


def rate_limit_detail(response: Response) -> str:
    """Retry-After and Docker Hub's rate-limit headers, as far as the answer has them."""
    parts = []
    retry = response.header("retry-after")
    if retry:
        parts.append(f"Retry-After: {retry}" + (" s" if retry.isdigit() else ""))
    for name in ("ratelimit-limit", "ratelimit-remaining", "docker-ratelimit-source"):
        value = response.header(name)
        if value:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)


def fail_common(response: Response, stage: str, what: str) -> None:
    """429 → RATE_LIMITED, 5xx → REGISTRY_ERROR (raised); anything else returns."""
    if response.status == 429:
        limits = rate_limit_detail(response)
        raise ProbeFailure(
            "RATE_LIMITED", stage,
            (t("{what} answered {status} ({limits}): {quote}",
               what=what, status=status_line(response),
               limits=limits, quote=quote_body(response)) if limits
             else answered(what, response)),
        )
    if response.status >= 500:
        raise ProbeFailure(
            "REGISTRY_ERROR", stage, answered(what, response),
        )


def _looks_like_html(response: Response) -> bool:
    kind = response.header("content-type").lower()
    start = response.body.lstrip()[:15].lower()
    return "html" in kind or start.startswith((b"<!doctype", b"<html"))


def classify_ping(response: Response, base: str) -> list[Challenge]:
    """The anonymous `GET /v2/`: challenges to answer ([] when no auth is needed)."""
    what = f"GET {base}/v2/"
    fail_common(response, "challenge", what)
    if response.status == 200:
        if _looks_like_html(response) and not response.header("docker-distribution-api-version"):
            raise ProbeFailure(
                "NOT_A_REGISTRY", "challenge",
                t("{what} answered a web page, not the registry API: {quote}", what=what,
                  quote=quote_body(response)),
            )
        return []
    if response.status == 401:
        challenges = parse_challenges(response.all_headers("www-authenticate"))
        if not challenges:
            raise ProbeFailure(
                "NOT_A_REGISTRY", "challenge",
                t("{what} answered 401 without a WWW-Authenticate challenge: no registry "
                  "answers like that.", what=what),
            )
        return challenges
    if response.status == 403:
        raise ProbeFailure(
            "REGISTRY_FORBIDDEN", "challenge",
            t("{what} answered {status} before any credentials were sent: {quote}", what=what,
              status=status_line(response), quote=quote_body(response) or _("(no body)")),
        )
    raise ProbeFailure(
        "NOT_A_REGISTRY", "challenge",
        t("{what} answered {status} with a web page: {quote}", what=what,
          status=status_line(response), quote=quote_body(response) or _("(no body)"))
        if _looks_like_html(response) else answered(what, response),
    )


def classify_login(response: Response, base: str, scheme: str) -> None:
    """`GET /v2/` with the credential: 200 passes; 401/403 is LOGIN_UNAUTHORIZED."""
    what = t("GET {base}/v2/ with {scheme} credentials", base=base, scheme=scheme)
    fail_common(response, "credentials", what)
    if response.status in (401, 403):
        raise ProbeFailure(
            "LOGIN_UNAUTHORIZED", "credentials", answered(what, response),
        )
    if response.status != 200:
        raise ProbeFailure(
            "NOT_A_REGISTRY", "credentials",
            t("{what} answered {status}: {quote}", what=what, status=status_line(response),
              quote=quote_body(response)),
        )


def classify_token(response: Response, realm: str, with_credentials: bool) -> str:
    """The token service's answer → the token; failures raise the right code."""
    what = t("The token service {realm}", realm=realm)
    if response.status == 429:
        fail_common(response, "token", what)
    if response.status in (401, 403) and with_credentials:
        raise ProbeFailure(
            "LOGIN_UNAUTHORIZED", "token",
            t("{what} rejected the user name and password: {status}: {quote}", what=what,
              status=status_line(response), quote=quote_body(response) or _("(no body)")),
        )
    if response.status in (401, 403):
        raise ProbeFailure(
            "PULL_DENIED", "token",
            t("{what} gives no anonymous token: {status}: {quote}", what=what,
              status=status_line(response), quote=quote_body(response)),
        )
    if response.status != 200:
        raise ProbeFailure(
            "TOKEN_SERVICE_FAILED", "token", answered(what, response),
        )
    try:
        data = json.loads(response.body)
        token = data.get("token") or data.get("access_token")
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        raise ProbeFailure(
            "TOKEN_SERVICE_FAILED", "token",
            t("{what} answered 200 without a token in JSON.", what=what),
        )
    return token
