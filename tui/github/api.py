"""A small GitHub REST client for the GitHub step: bounded, paginated, and honest about refusals.

It rides on the probe's HTTP session (keep-alive, the system trust store with
SSL_CERT_FILE / REQUESTS_CA_BUNDLE, DNS within the bound) under one `Deadline` for the whole
step. Every request carries `X-GitHub-Api-Version: 2022-11-28`; lists are followed through
their `Link: rel="next"` header. Headers that say what the token may do are read on every
answer: `X-OAuth-Scopes`, `X-Accepted-OAuth-Scopes`, `X-Accepted-GitHub-Permissions` and the
rate-limit ones. A refusal is an `ApiRefused` naming its kind: a 404 is "missing or not
visible to this token", never "missing".
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlencode, urlsplit

from tui.i18n import _, ngettext, t
from tui.lazy_pattern import LazyPattern
from tui.model import Secret
from tui.options import Options
from tui.record import field, record
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Response, Session

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal

    RefusalKind = Literal["not-visible", "scope", "unauthorized", "rate-limited",
                          "unreachable", "error"]

API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 20
"""A list longer than 2,000 entries is cut (GitHub allows 100 secrets per level)."""

_NEXT = LazyPattern(r'<([^>]+)>\s*;\s*rel="?next"?')

FATAL_KINDS = frozenset({"unauthorized", "rate-limited", "unreachable"})
"""Refusals after which no further question is worth asking."""


def segment(value: str) -> str:
    """One path segment, percent-encoded: a `/` in a package name becomes `%2F`."""
    return quote(value, safe="")


@record(frozen=True)
class Refusal:
    """Why a question got no answer (no token or other secret in any field)."""

    kind: RefusalKind
    status: int | None
    detail: str
    accepted_scopes: tuple[str, ...] = ()
    """`X-Accepted-OAuth-Scopes`: the scopes that would have let the token ask."""
    accepted_permissions: str = ""
    """`X-Accepted-GitHub-Permissions`: the fine-grained / app permission needed."""


class ApiRefused(Exception):
    """A request that gave no usable answer; `refusal` says why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.detail)
        self.refusal = refusal


@record(frozen=True)
class Call:
    """One request made: for counting and for the screen (path only, never a header)."""

    path: str
    status: int | None
    seconds: float
    method: str = "GET"


@record
class GithubClient:
    """GETs against one API base URL with one token, all under one deadline."""

    api_url: str
    token: Secret
    options: Options
    deadline: Deadline
    calls: list[Call] = field(default_factory=list)
    scopes: tuple[str, ...] | None = None
    """`X-OAuth-Scopes` of the last answer; None when GitHub sent none (not a classic token)."""
    rate_remaining: int | None = None
    rate_reset: int | None = None
    fatal: Refusal | None = None
    """Set once the API refused the token, ran out of rate limit or did not answer."""
    _session: Session | None = None

    @classmethod
    def open(cls, api_url: str, token: Secret, options: Options,
             total: float | None = None) -> GithubClient:
        """A client whose deadline gives each request `--timeout` and the step twice that
        (or `total` seconds in all, for a run of repairs)."""
        deadline = Deadline(options.timeout, total=total or 2 * options.timeout)
        return cls(api_url.rstrip("/"), token, options, deadline)

    def close(self) -> None:
        """Close the kept-alive connections."""
        if self._session is not None:
            self._session.close()
            self._session = None

    def get(self, path: str, params: dict[str, object] | None = None) -> object:
        """The JSON of `GET path` (path relative to the API root); ApiRefused otherwise."""
        url = f"{self.api_url}{path}"
        if params:
            url = f"{url}?{urlencode(params)}"
        return self._get_url(url)[0]

    def send(self, method: str, path: str, body: dict[str, object] | None = None) -> object:
        """`PUT`/`DELETE` (or `GET`) of `path` with a JSON body; the answer's JSON or None.

        2xx answers are success (`201 Created`, `204 No Content`); anything else is an
        `ApiRefused` as for a question. The body never reaches a refusal's text.
        """
        data = None if body is None else json.dumps(body).encode()
        parsed, _response = self._request(method, f"{self.api_url}{path}", data)
        return parsed

    def get_list(self, path: str, key: str, paged: bool = True) -> list[dict[str, object]]:
        """Every item of a list endpoint (`{total_count, <key>: [...]}`), page after page."""
        url = f"{self.api_url}{path}"
        if paged:
            url = f"{url}?{urlencode({'per_page': PER_PAGE})}"
        items: list[dict[str, object]] = []
        for _page in range(MAX_PAGES):
            data, response = self._get_url(url)
            chunk = data.get(key) if isinstance(data, dict) else None
            if not isinstance(chunk, list):
                raise self._refuse("error", response.status,
                                   t("{url} answered without a `{key}` list",
                                     url=self._shown(url), key=key))
            items.extend(item for item in chunk if isinstance(item, dict))
            following = next_link(response.header("link"))
            if not paged or following is None:
                break
            if _origin(following) != _origin(self.api_url):  # the token goes nowhere else
                raise self._refuse("error", response.status, t(
                    "{url}: the next page is on another host ({host})", url=self._shown(url),
                    host=_origin(following)))
            url = following
        return items

    # --- one request ------------------------------------------------------------------

    def _session_for(self) -> Session:
        if self._session is None:
            self._session = Session(environ=self.options.environ, deadline=self.deadline,
                                    loopback_only=self.options.loopback_only)
        return self._session

    def _get_url(self, url: str) -> tuple[object, Response]:
        return self._request("GET", url, None)

    def _request(self, method: str, url: str, body: bytes | None) -> tuple[object, Response]:
        if self.fatal is not None:
            raise ApiRefused(self.fatal)
        if self.deadline.expired:
            raise self._refuse("unreachable", None, t(
                "the step's time bound ({bound} s) ran out before this question",
                bound=f"{self.deadline.end - self.deadline.started:g}"), fatal=True)
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "Authorization": f"Bearer {self.token.reveal()}",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        shown = self._shown(url)
        try:
            response = self._session_for().request(method, url, headers, body,
                                                   stage="github", follow=method == "GET")
        except ProbeFailure as failure:
            self.calls.append(Call(shown, None, time.monotonic() - started, method))
            raise self._refuse("unreachable", None, _unreachable(failure, self.options),
                               fatal=True) from None
        self.calls.append(Call(shown, response.status, time.monotonic() - started, method))
        self._read_limits(response)
        written = method != "GET" and 200 <= response.status < 300
        if written and not response.body.strip():
            return None, response  # 204 No Content, or a 201 without a body
        if response.status == 200 or written:
            try:
                return json.loads(response.body), response
            except ValueError:
                raise self._refuse("error", 200, t("{url} answered with something that is not JSON",
                                     url=shown)) from None
        raise self._refusal_of(response, shown)

    def _read_limits(self, response: Response) -> None:
        scopes = response.all_headers("x-oauth-scopes")
        if scopes:
            self.scopes = tuple(s.strip() for s in scopes[0].split(",") if s.strip())
        remaining = response.header("x-ratelimit-remaining").strip()
        if remaining.isdigit():
            self.rate_remaining = int(remaining)
        reset = response.header("x-ratelimit-reset").strip()
        if reset.isdigit():
            self.rate_reset = int(reset)

    def _refusal_of(self, response: Response, shown: str) -> ApiRefused:
        status = response.status
        message = _message(response)
        accepted = tuple(s.strip() for s in response.header("x-accepted-oauth-scopes").split(",")
                         if s.strip())
        permissions = response.header("x-accepted-github-permissions").strip()
        limited = (response.header("x-ratelimit-remaining").strip() == "0"
                   or bool(response.header("retry-after"))
                   or "rate limit" in message.lower())
        if status in (403, 429) and limited:
            return self._refuse("rate-limited", status, (
                t("{url}: rate limited, status {status} ({message}); {left}", url=shown,
                  status=status, message=message, left=self.rate_phrase()) if message else
                t("{url}: rate limited, status {status}; {left}", url=shown, status=status,
                  left=self.rate_phrase())), fatal=True)
        if status == 401:
            return self._refuse("unauthorized", 401, (
                t("{url}: 401, the token was refused ({message}) (expired, revoked or mistyped)",
                  url=shown, message=message) if message else
                t("{url}: 401, the token was refused (expired, revoked or mistyped)", url=shown)),
                fatal=True)
        if status == 404:
            return self._refuse("not-visible", 404, t(
                "{url}: 404, missing or not visible to this token", url=shown),
                accepted, permissions)
        if status == 403:
            return self._refuse("scope", 403, (
                t("{url}: 403, this token may not ask ({message})", url=shown, message=message)
                if message else t("{url}: 403, this token may not ask", url=shown)),
                accepted, permissions)
        return self._refuse("error", status, (
            t("{url}: status {status} ({message})", url=shown, status=status, message=message)
            if message else t("{url}: status {status}", url=shown, status=status)))

    def rate_phrase(self) -> str:
        """`0 requests left, the limit resets at 10:42 UTC` (or what is known of it)."""
        if self.rate_reset is None:
            if self.rate_remaining is None:
                return _("unknown requests left")
            return ngettext("{count} request left", "{count} requests left",
                            self.rate_remaining).format(count=self.rate_remaining)
        at = time.strftime("%H:%M UTC", time.gmtime(self.rate_reset))
        if self.rate_remaining is None:
            return t("unknown requests left, the limit resets at {at}", at=at)
        return ngettext("{count} request left, the limit resets at {at}",
                        "{count} requests left, the limit resets at {at}",
                        self.rate_remaining).format(count=self.rate_remaining, at=at)

    def _refuse(self, kind: RefusalKind, status: int | None, detail: str,
                accepted: tuple[str, ...] = (), permissions: str = "",
                fatal: bool = False) -> ApiRefused:
        refusal = Refusal(kind, status, detail, accepted, permissions)
        if fatal:
            self.fatal = refusal
        return ApiRefused(refusal)

    def _shown(self, url: str) -> str:
        """The path of a URL below the API root, without its query."""
        path = urlsplit(url).path
        root = urlsplit(self.api_url).path.rstrip("/")
        return path[len(root):] if root and path.startswith(root) else path


def next_link(header: str) -> str | None:
    """The `rel="next"` URL of a `Link` header (None on the last page)."""
    match = _NEXT.search(header or "")
    return match.group(1) if match else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _message(response: Response) -> str:
    try:
        data = json.loads(response.body)
    except ValueError:
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    return str(message)[:200] if message else ""


def _unreachable(failure: ProbeFailure, options: Options) -> str:
    if failure.code == "REGISTRY_SLOW":
        return t("no answer within {bound} s ({detail})", bound=f"{options.timeout:g}",
                 detail=failure.detail)
    return failure.detail
