"""Read the codespace creation log and say why the image failed.

The signatures are built from real failure text (docker, BuildKit, containerd, the dev
containers CLI, Codespaces, ACR, ECR, GHCR, Docker Hub), gathered with their sources in
`tests/data/creation-log-corpus.jsonl`; a held-out fifth measures them
(`tests/test_creation_log_corpus.py`).

Codespaces writes the failing lines before `Creating recovery container`; what the recovery
container prints afterwards (its own, successful pull) is not read. Each line gets the class of
the first signature it matches; the most specific line wins, the latest among equals. Output of
a Dockerfile's own commands (apt, `RUN` steps) is a build failure whatever words it contains.
A log that shows a failure no signature knows still yields its failing lines, so a broken
codespace is never reported as healthy.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from pathlib import Path

from tui.i18n import N_
from tui.lazy_pattern import LazyPattern
from tui.logs.signatures import (
    ARTIFACT_COLLECTION,
    ARTIFACT_HINT,
    BUILD_OUTPUT,
    KEYWORDS,
    SIGNATURES,
    UNCAUSED,
    Signature,
    named_reference,
)
from tui.record import field, record
from tui.redact import scrub_tokens

TAIL_BYTES = 2 * 1024 * 1024
"""Only the end of the log is read: the failure is near the end."""

QUOTE_CHARS = 200
"""The quoted line is cut to about this many characters around the match."""

ATTEMPT_LINES = 400
"""At most this many lines of the failed attempt are kept as evidence for the remedies."""

MAX_FAILING_LINES = 5
"""At most this many failing lines are quoted when no signature knows them."""

_ANSI = LazyPattern(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_CONTROL = LazyPattern(r"[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_RECOVERY_MARKER = LazyPattern(r"creating recovery container", re.IGNORECASE)
_FAILURE_WORDS = LazyPattern(
    r"\b(?:error|errors|failed|failure|fatal|denied|unable to|cannot|could not|refused"
    r"|unexpected|unavailable|not supported|no longer supported|not implemented)\b"
    r"|\"outcome\"\s*:\s*\"error\"|\bexit code\b",
    re.IGNORECASE,
)
_NOT_FAILURE = LazyPattern(
    r"\b(?:0 errors?|no errors?|without errors?|error ?code: ?0)\b|--log-level|errorlevel"
    r"|\bon ?error\b",
    re.IGNORECASE,
)
_TIMESTAMP = LazyPattern(r"^\d{4}-\d\d-\d\d[ T][0-9:.]+Z?:?\s*")


@record(frozen=True)
class LogDiagnosis:
    """What the creation log says: the class, a hint and the line (redacted, shortened)."""

    klass: str
    hint: str
    line: str
    line_number: int
    """Line number within the part of the log that was read (1-based)."""
    reference: str | None = None
    """The image or Feature reference the deciding line names, when it names one."""
    signature: str = ""
    """The id of the signature that matched (for tests and reports)."""


@record(frozen=True)
class LogReading:
    """The whole creation log's evidence: its verdict, or the failing lines nobody knows."""

    verdict: LogDiagnosis | None
    failing: tuple[str, ...] = field(default=())
    """Failing lines (redacted, shortened) when no signature matched; empty otherwise."""
    recovery_marker: bool = False
    """The log says Codespaces created a recovery container."""
    attempt: tuple[str, ...] = field(default=(), repr=False)
    """The lines of the failed attempt (cleaned, not yet redacted): the remedies read the
    registry's hints, the Features processed and the references pulled from them."""

    @property
    def failed(self) -> bool:
        """The log shows a failure (known or not)."""
        return self.verdict is not None or bool(self.failing)


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


def read_text(text: str, redact: Callable[[str], str] = lambda s: s) -> LogReading:
    """The evidence in a creation log's text (see the module docstring)."""
    clean = _CONTROL.sub(" ", _ANSI.sub("", text))
    lines = clean.split("\n")
    markers = [i for i, line in enumerate(lines) if _RECOVERY_MARKER.search(line)]
    start, end = 0, len(lines)
    if markers:
        # the last attempt: after the previous recovery (if any), before the last marker
        end = markers[-1]
        earlier = [m for m in markers if m < end - 1]
        start = earlier[-1] + 1 if earlier else 0
        if not any(_FAILURE_WORDS.search(line) for line in lines[start:end]):
            start = 0  # several markers for one attempt: read everything before the last
    verdict = _classify(lines, start, end, redact)
    if verdict is None and markers and not _failing_lines(lines[start:end], redact):
        start, end = 0, len(lines)  # nothing failed before the marker: the recovery itself did
        verdict = _classify(lines, start, end, redact)
    failing: tuple[str, ...] = ()
    if verdict is not None and verdict.signature in UNCAUSED:
        verdict = None  # proof that it failed (Codespaces' outcome, a bare 5xx), not why
    if verdict is None:
        failing = tuple(_failing_lines(lines[start:end], redact))
    attempt = tuple(redact(line) for line in lines[start:end][-ATTEMPT_LINES:])
    return LogReading(verdict, failing, bool(markers), attempt)


def read_file(path: Path, redact: Callable[[str], str] = lambda s: s) -> LogReading | None:
    """The evidence in the creation log at `path` (None when it is missing or unreadable)."""
    text = read_tail(path)
    return None if text is None else read_text(text, redact)


def classify_text(text: str, redact: Callable[[str], str] = lambda s: s) -> LogDiagnosis | None:
    """The deciding line of a creation log's text, or None when no signature matches."""
    return read_text(text, redact).verdict


def classify_file(path: Path, redact: Callable[[str], str] = lambda s: s) -> LogDiagnosis | None:
    """Classify the creation log at `path` (None when it is missing or says nothing known)."""
    reading = read_file(path, redact)
    return None if reading is None else reading.verdict


def quote(line: str, pattern: LazyPattern | None, redact: Callable[[str], str]) -> str:
    """The line redacted, token-scrubbed and cut to about QUOTE_CHARS around the match."""
    clean = " ".join(scrub_tokens(redact(line)).split())
    if len(clean) <= QUOTE_CHARS:
        return clean
    found = pattern.search(clean) if pattern is not None else None
    start = 0
    if found is not None and found.end() > QUOTE_CHARS - 20:
        start = max(0, found.start() - QUOTE_CHARS // 2)
    end = start + QUOTE_CHARS
    return ("…" if start else "") + clean[start:end].strip() + ("…" if end < len(clean) else "")


def _classify(
    lines: list[str], start: int, end: int, redact: Callable[[str], str]
) -> LogDiagnosis | None:
    best: tuple[int, int, Signature, str] | None = None
    for index in _candidate_lines(lines, start, end):
        line = lines[index]
        signature = _match(line)
        if signature is None:
            continue
        if BUILD_OUTPUT.match(line) and signature.klass not in ("build", "platform"):
            signature = Signature(signature.id + "/in-build", signature.pattern, "build",
                                  N_("a command in the Dockerfile failed: not a registry "
                                     "problem"),
                                  signature.rank)
        if best is None or signature.rank >= best[0]:
            best = (signature.rank, index + 1 - start, signature, line)
    if best is None:
        return None
    _rank, number, signature, line = best
    reference = named_reference(line) if signature.klass != "build" else None
    klass, hint = signature.klass, signature.hint
    if klass == "not-found" and reference and ARTIFACT_COLLECTION.search(reference):
        klass, hint = "not-an-image", ARTIFACT_HINT  # a Template or Feature asked for as an image
    shown = quote(_TIMESTAMP.sub("", line.strip()), signature.pattern, redact)
    return LogDiagnosis(klass, hint, shown, number, reference, signature.id)


def _candidate_lines(lines: list[str], start: int, end: int) -> list[int]:
    """Indexes of the lines in [start, end) holding a signature keyword (fast literal scans)."""
    text = "\n".join(lines[start:end])
    starts = [0, *itertools.accumulate(len(line) + 1 for line in lines[start:end])]
    lowered = text.translate(_ASCII_LOWER)  # same length, unlike str.lower()
    found: set[int] = set()
    for keyword in KEYWORDS:
        position = lowered.find(keyword)
        while position != -1:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            position = lowered.find(keyword, starts[index + 1])
    return sorted(start + index for index in found)


def _failing_lines(lines: list[str], redact: Callable[[str], str]) -> list[str]:
    """The last few lines that say something failed (quoted, deduplicated)."""
    picked: list[str] = []
    seen: set[str] = set()
    for line in reversed(lines):
        if not _FAILURE_WORDS.search(line) or _NOT_FAILURE.search(line):
            continue
        shown = quote(_TIMESTAMP.sub("", line.strip()), _FAILURE_WORDS, redact)
        if shown and shown not in seen:
            seen.add(shown)
            picked.append(shown)
        if len(picked) == MAX_FAILING_LINES:
            break
    return picked[::-1]


def _match(line: str) -> Signature | None:
    for signature in SIGNATURES:
        if signature.pattern.search(line):
            return signature
    return None
