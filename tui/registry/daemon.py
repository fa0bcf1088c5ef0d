"""The Docker daemon path: `login` (reauth=True, writes no file) and an optional bounded pull.

The docker SDK is imported lazily, only here. The daemon reports every login failure as
HTTP 500 with text; `classify_daemon_message` maps that text onto the probe's codes.
Nothing here stores credentials: no `reauth=False`, no config writes.
"""

from __future__ import annotations

import re
import threading

from tui.i18n import _, t
from tui.model import ImageRef, Secret
from tui.record import record
from tui.workspace.imageref import HUB_ALIASES

HUB_KEY = "https://index.docker.io/v1/"

_PATTERNS: list[tuple[str, str]] = [
    (r"no such host|server misbehaving", "DNS_FAILED"),
    (r"connection refused", "CONNECT_REFUSED"),
    (r"dial tcp.*i/o timeout", "CONNECT_TIMEOUT"),
    (r"x509:.*(expired|not yet valid)", "TLS_EXPIRED"),
    (r"x509:.*(valid for|not valid for|doesn't contain any IP SANs)", "TLS_HOSTNAME_MISMATCH"),
    (r"x509:", "TLS_UNTRUSTED"),
    (r"server gave HTTP response to HTTPS client|first record does not look like a TLS",
     "TLS_NOT_TLS"),
    (r"TLS handshake timeout|context deadline exceeded|Client\.Timeout|timed out", "REGISTRY_SLOW"),
    (r"toomanyrequests|429 Too Many Requests", "RATE_LIMITED"),
    (r"no matching manifest", "PLATFORM_MISSING"),
    (r"manifest unknown|manifest for .* not found|name unknown|not found: manifest",
     "IMAGE_NOT_FOUND"),
    (r"pull access denied|requested access to the resource is denied|denied:|insufficient_scope",
     "PULL_DENIED"),
    (r"401 Unauthorized|unauthorized|incorrect username or password|authentication required",
     "LOGIN_UNAUTHORIZED"),
    (r"403 Forbidden", "REGISTRY_FORBIDDEN"),
    (r"status: 5\d\d|50[0-4] ", "REGISTRY_ERROR"),
    (r"404 Not Found", "NOT_A_REGISTRY"),
]


def classify_daemon_message(message: str) -> str | None:
    """The probe code the daemon's error text points to (None when nothing matches)."""
    for pattern, code in _PATTERNS:
        if re.search(pattern, message, re.IGNORECASE):
            return code
    return None


@record
class DaemonResult:
    """What the daemon said: ok, its message (raw, redact before showing) and the code."""

    ok: bool
    message: str
    code: str | None = None
    reachable: bool = True


class Background:
    """A daemon call running in a thread that may be abandoned after its deadline."""

    def __init__(self, func, *args, deadline: float) -> None:
        self._box: dict[str, DaemonResult] = {}
        self._deadline = deadline

        def work() -> None:
            try:
                self._box["result"] = func(*args)
            except Exception as exc:  # the call itself reports errors; this is a last guard
                self._box["result"] = DaemonResult(False, type(exc).__name__, None)

        self._thread = threading.Thread(target=work, name="daemon call", daemon=True)
        self._thread.start()

    def result(self) -> DaemonResult:
        """The call's result, or REGISTRY_SLOW when it did not finish by its deadline."""
        self._thread.join(self._deadline)
        if "result" in self._box:
            return self._box["result"]
        return DaemonResult(False, t("the daemon did not answer within {bound} s",
                                                bound=f"{self._deadline:g}"),
                            "REGISTRY_SLOW")


def in_background(func, *args) -> Background:
    """Start `func(*args)` (a daemon call taking `options` last) in a thread."""
    options = args[-1]
    return Background(func, *args, deadline=2 * options.timeout + 1)


def daemon_registry(host: str) -> str:
    """The registry argument docker uses: Hub's credential key, else bare host[:port]."""
    if host.lower() in HUB_ALIASES:
        return HUB_KEY
    return host


def _client(options):
    import docker  # lazily: only the daemon path pays for it

    base_url = options.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    return docker.APIClient(base_url=base_url, version="auto", timeout=max(0.5, options.timeout))


def _failure(exc: BaseException) -> DaemonResult:
    explanation = getattr(exc, "explanation", None) or str(exc)
    text = str(explanation)
    name = type(exc).__name__
    if "Timeout" in name or "timed out" in text.lower():
        return DaemonResult(False, t("the daemon did not answer in time ({error})", error=name),
                            "REGISTRY_SLOW")
    if name in ("ConnectionError", "DockerException") and "status" not in text:
        return DaemonResult(False, t("the daemon cannot be reached: {error}", error=text), None,
                            reachable=False)
    return DaemonResult(False, text, classify_daemon_message(text))


def daemon_login(host: str, username: str, password: Secret, options) -> DaemonResult:
    """`docker login` via the daemon's /auth (reauth=True: asks the registry, stores nothing)."""
    try:
        client = _client(options)
    except Exception as exc:
        return DaemonResult(False, t("the daemon cannot be reached: {error}",
                                     error=type(exc).__name__),
                            reachable=False)
    try:
        answer = client.login(
            username=username, password=password.reveal(), registry=daemon_registry(host),
            reauth=True,
        )
        status = str((answer or {}).get("Status", "Login Succeeded"))
        return DaemonResult(True, status)
    except Exception as exc:
        return _failure(exc)
    finally:
        client.close()


def _pull_name(image: ImageRef) -> tuple[str, str | None]:
    name = f"{image.host}/{image.repository}"
    if image.reference.startswith("sha256:"):
        return f"{name}@{image.reference}", None
    return name, image.reference


def daemon_pull(
    image: ImageRef, username: str | None, password: Secret | None, options,
    bound: float | None = None,
) -> DaemonResult:
    """Pull through the daemon under a deadline (idle reads bounded by the timeout; the whole
    pull by `bound`, default 12 × timeout), in a worker thread that is abandoned on expiry."""
    box: dict[str, DaemonResult] = {}
    limit = bound if bound is not None else 12 * options.timeout

    def work() -> None:
        try:
            client = _client(options)
        except Exception as exc:
            box["result"] = DaemonResult(False, t("the daemon cannot be reached: {error}",
                                                  error=exc),
                                         reachable=False)
            return
        try:
            repository, tag = _pull_name(image)
            auth = None
            if username is not None and password is not None:
                auth = {"username": username, "password": password.reveal()}
            last = ""
            for event in client.pull(repository, tag=tag, stream=True, decode=True,
                                     auth_config=auth):
                if isinstance(event, dict) and event.get("error"):
                    message = str(event["error"])
                    box["result"] = DaemonResult(False, message, classify_daemon_message(message))
                    return
                last = str(event.get("status", "")) if isinstance(event, dict) else last
            box["result"] = DaemonResult(True, last or "pulled")
        except Exception as exc:
            box["result"] = _failure(exc)
        finally:
            client.close()

    worker = threading.Thread(target=work, name=f"daemon pull {image.ref}", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        return DaemonResult(False, t("the daemon's pull did not finish within {bound} s",
                                     bound=f"{limit:g}"),
                            "REGISTRY_SLOW")
    return box.get("result", DaemonResult(False, _("the pull ended without an answer")))
