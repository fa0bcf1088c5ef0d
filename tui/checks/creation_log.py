"""Read the codespace creation log and say why the image failed (failure-modes.md signatures).

Classes: auth, not-found, rate-limit, network, tls, build. Each line gets the class of the most
specific signature it matches; the most specific line wins, the latest among equals. Output of a
Dockerfile's own commands (apt, `RUN` steps) is a build failure whatever words it contains.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.redact import scrub_tokens

TAIL_BYTES = 2 * 1024 * 1024
"""Only the end of the log is read: the failure is near the end."""

QUOTE_CHARS = 200
"""The quoted line is cut to about this many characters around the match."""

SPECIFIC, GENERIC = 2, 1


@dataclass(frozen=True)
class Signature:
    """One log pattern: its class, how specific it is and the hint it adds."""

    pattern: re.Pattern[str]
    klass: str
    hint: str
    rank: int = SPECIFIC


def _sig(pattern: str, klass: str, hint: str, rank: int = SPECIFIC) -> Signature:
    return Signature(re.compile(pattern, re.IGNORECASE), klass, hint, rank)


_AUTH = "the registry refused the pull: see the Names & values and Login steps"
_NOT_FOUND = (
    "the image or tag does not exist (or is hidden from these credentials): see the Pull step"
)
_BUILD = "the Dockerfile build failed: not a registry problem"

SIGNATURES: tuple[Signature, ...] = (
    _sig(r"GPG error|NO_PUBKEY", "build",
         "a package repository's signing key is missing: not a registry problem"),
    _sig(r"no basic auth credentials", "auth",
         "no credentials were sent for that registry host: no secret set names it exactly"),
    _sig(r"not authorized to perform:?\s*ecr:", "auth",
         "the AWS key lacks an ECR permission: see the ECR step"),
    _sig(r"Your Authorization Token has expired|invalid character 'Y'", "auth",
         "the ECR registry token has expired: see the ECR step"),
    _sig(r"toomanyrequests|429 Too Many Requests", "rate-limit",
         "Docker Hub's pull rate limit: sign in with a Docker Hub secret set (see the Login step)"),
    _sig(r"x509:", "tls", "the registry's TLS certificate is not trusted: see the Login step"),
    _sig(r"no such host|i/o timeout|connection refused|Client\.Timeout exceeded"
         r"|TLS handshake timeout", "network",
         "the registry cannot be reached from the codespace: see the Login step"),
    _sig(r"manifest unknown|manifest for \S+ not found|name unknown", "not-found", _NOT_FOUND),
    _sig(r"unauthorized: incorrect username or password|unauthorized: authentication required",
         "auth", _AUTH),
    _sig(r"denied: requested access to the resource is denied|pull access denied for"
         r"|403 Forbidden|permission_denied", "auth", _AUTH),
    _sig(r": unauthorized", "auth", _AUTH),
    _sig(r"failed to solve|exit code: 100|did not complete successfully", "build", _BUILD,
         GENERIC),
)
"""Checked in order: the first signature a line matches gives its class."""


_KEYWORDS: tuple[str, ...] = (
    "gpg error", "no_pubkey", "no basic auth credentials", "not authorized to perform",
    "authorization token has expired", "invalid character 'y'", "toomanyrequests",
    "429 too many requests", "x509:", "no such host", "i/o timeout", "connection refused",
    "client.timeout exceeded", "tls handshake timeout", "manifest unknown", "manifest for ",
    "name unknown", "unauthorized", "denied", "403 forbidden", "permission_denied",
    "failed to solve", "exit code: 100", "did not complete successfully",
)
"""Every signature contains one of these (lowercase) words."""
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_BUILD_OUTPUT = re.compile(
    r"^(?:\d{4}-\d\d-\d\d[ T][0-9:.]+Z?:?\s+)?(?:#\d+\s+\d+(?:\.\d+)?\s|(?:E|W|Err|Ign):)"
)
"""Lines a Dockerfile's own commands print: BuildKit `#8 12.3 …` step output, apt `E: …`."""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class LogDiagnosis:
    """What the creation log says: the class, a hint and the line (redacted, shortened)."""

    klass: str
    hint: str
    line: str
    line_number: int
    """Line number within the part of the log that was read (1-based)."""


def read_tail(path: Path, limit: int = TAIL_BYTES) -> str | None:
    """The last `limit` bytes of `path` as text (bad bytes replaced); None when unreadable."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - limit))
            raw = handle.read(limit)
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace")
    if size > limit:
        text = text.split("\n", 1)[1] if "\n" in text else text
    return text


def classify_text(text: str, redact: Callable[[str], str] = lambda s: s) -> LogDiagnosis | None:
    """The deciding line of a creation log's text, or None when no signature matches."""
    clean = _CONTROL.sub(" ", _ANSI.sub("", text))
    lines = clean.split("\n")
    starts = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
    candidates: set[int] = set()
    lowered = clean.translate(_ASCII_LOWER)  # same length, unlike str.lower()
    for keyword in _KEYWORDS:  # fast literal scans pick the lines worth a regex
        position = lowered.find(keyword)
        while position != -1:
            index = bisect.bisect_right(starts, position) - 1
            candidates.add(index)
            position = lowered.find(keyword, starts[index + 1])
    best: tuple[int, int, Signature, str] | None = None
    for index in sorted(candidates):
        line = lines[index]
        signature = _match(line)
        if signature is None:
            continue
        if _BUILD_OUTPUT.match(line) and signature.klass != "build":
            signature = Signature(signature.pattern, "build",
                                  "a command in the Dockerfile failed: not a registry problem")
        if best is None or signature.rank >= best[0]:
            best = (signature.rank, index + 1, signature, line)
    if best is None:
        return None
    _, number, signature, line = best
    return LogDiagnosis(signature.klass, signature.hint, quote(line, signature, redact), number)


def classify_file(path: Path, redact: Callable[[str], str] = lambda s: s) -> LogDiagnosis | None:
    """Classify the creation log at `path` (None when it is missing or says nothing known)."""
    text = read_tail(path)
    return None if text is None else classify_text(text, redact)


def quote(line: str, signature: Signature, redact: Callable[[str], str]) -> str:
    """The line redacted, token-scrubbed and cut to about QUOTE_CHARS around the match."""
    clean = " ".join(scrub_tokens(redact(line)).split())
    if len(clean) <= QUOTE_CHARS:
        return clean
    found = signature.pattern.search(clean)
    start = 0
    if found is not None and found.end() > QUOTE_CHARS - 20:
        start = max(0, found.start() - QUOTE_CHARS // 2)
    end = start + QUOTE_CHARS
    return ("…" if start else "") + clean[start:end].strip() + ("…" if end < len(clean) else "")


def _match(line: str) -> Signature | None:
    for signature in SIGNATURES:
        if signature.pattern.search(line):
            return signature
    return None
