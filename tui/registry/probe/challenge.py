"""Parse `WWW-Authenticate` headers into challenges (`Basic realm=…`, `Bearer realm=…,…`)."""

from __future__ import annotations

import re

from tui.lazy_pattern import LazyPattern
from tui.record import field, record

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_PARAM = LazyPattern(
    rf"\s*({_TOKEN})\s*=\s*(\"(?:[^\"\\]|\\.)*\"|[^,\s]*)\s*(,|$)"
)
_SCHEME = LazyPattern(rf"\s*({_TOKEN})(?:\s+|$)")


@record(frozen=True)
class Challenge:
    """One auth challenge: scheme in lower case and its parameters (names lower case)."""

    scheme: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def realm(self) -> str:
        return self.params.get("realm", "")


def parse_challenges(values: list[str]) -> list[Challenge]:
    """Every challenge in the given header values; unparseable parts are skipped."""
    found: list[Challenge] = []
    for value in values:
        found.extend(_parse_one(value))
    return found


def _parse_one(text: str) -> list[Challenge]:
    challenges: list[Challenge] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " ,":
            pos += 1
        match = _SCHEME.match(text, pos)
        if not match:
            break
        scheme = match.group(1).lower()
        pos = match.end()
        params: dict[str, str] = {}
        while pos < len(text):
            param = _PARAM.match(text, pos)
            if not param:
                break
            name, raw = param.group(1).lower(), param.group(2)
            if raw.startswith('"'):
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            params[name] = raw
            pos = param.end()
        challenges.append(Challenge(scheme, params))
    return challenges


def pick(challenges: list[Challenge]) -> Challenge | None:
    """The challenge to answer: Bearer before Basic (as docker does), else the first."""
    for wanted in ("bearer", "basic"):
        for item in challenges:
            if item.scheme == wanted:
                return item
    return challenges[0] if challenges else None
