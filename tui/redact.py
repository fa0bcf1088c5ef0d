"""Keep secret values out of every text the tool produces.

`Redactor` knows the secret values of a run and replaces them (and their base64, URL-encoded
and JSON-escaped forms) in any text before it is shown, logged or written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from urllib.parse import quote, quote_plus

from tui.i18n import t
from tui.model import Secret

MARKERS = {" ": "␠", "\t": "⇥", "\r": "␍", "\n": "⏎"}
"""Visible stand-ins for whitespace, as the SPEC asks."""

_MIN_SECRET = 4
"""Values shorter than this are too short to search for without masking ordinary text."""
GUARD_MIN = 12
"""A whole document is scrubbed only of secret forms at least this long (see Redactor.guard)."""


def visible_whitespace(text: str) -> str:
    """`text` with spaces, tabs, CR and LF shown as ␠ ⇥ ␍ ⏎ (for names and non-secret values)."""
    return "".join(MARKERS.get(ch, ch) for ch in text)


def whitespace_outline(value: str) -> str:
    """Where a secret's stray whitespace is, without the value: `••••⏎` or `␠••••`."""
    lead = len(value) - len(value.lstrip())
    trail = len(value) - len(value.rstrip())
    core = value[lead: len(value) - trail] if trail else value[lead:]
    inner = "".join(MARKERS[c] for c in core if c in "\t\r\n")
    return (
        visible_whitespace(value[:lead])
        + "••••"
        + (t("[inside: {markers}]", markers=inner) if inner else "")
        + visible_whitespace(value[len(value) - trail:] if trail else "")
    )


_URL_SAFE = str.maketrans("+/", "-_")


def _json_escaped(value: str) -> str:
    """`value` as it stands inside a JSON string (json is imported only when that differs)."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return value
    import json

    return json.dumps(value)[1:-1]


def _forms(value: str) -> set[str]:
    from tui.encoding import encode_base64  # only once a secret is known

    encoded = encode_base64(value.encode("utf-8", "surrogatepass"))
    forms = {
        value,
        value.strip(),
        quote(value, safe=""),
        quote_plus(value),
        _json_escaped(value),
        encoded,  # base64.b64encode
        encoded.translate(_URL_SAFE),  # base64.urlsafe_b64encode
        encoded.rstrip("="),
    }
    return {form for form in forms if len(form) >= _MIN_SECRET}


class Redactor:
    """Replaces known secret values in text with their masked form."""

    def __init__(self, secrets: Iterable[Secret | str] = ()) -> None:
        self._masks: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: Secret | str) -> None:
        """Remember one more secret value."""
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if len(value.strip()) < _MIN_SECRET:
            return
        mask = Secret(value).masked()
        for form in _forms(value):
            self._masks.setdefault(form, mask)
        self._pattern = None

    def __call__(self, text: str) -> str:
        """`text` with every known secret (in any of its forms) masked.

        For values: a short secret that is also an ordinary word is masked wherever it stands,
        so use it on the data that goes into an output, not on the finished document.
        """
        if not self._masks or not text:
            return text
        if self._pattern is None:
            self._pattern = _alternation(self._masks)
        return self._pattern.sub(lambda m: self._masks[m.group(0)], text)

    def guard(self, text: str) -> str:
        """The last pass over a finished document: masks only secrets long enough
        (`GUARD_MIN` characters) never to collide with the document's own words or syntax."""
        long_forms = {form: mask for form, mask in self._masks.items() if len(form) >= GUARD_MIN}
        if not long_forms or not text:
            return text
        return _alternation(long_forms).sub(lambda m: long_forms[m.group(0)], text)

    def values(self, data: object) -> object:
        """A copy of JSON-like `data` with every string value (not key) redacted."""
        if isinstance(data, str):
            return self(data)
        if isinstance(data, dict):
            return {key: self.values(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.values(item) for item in data]
        return data


def _alternation(masks: dict[str, str]) -> re.Pattern[str]:
    alternatives = sorted(masks, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives))


_TOKENISH = (
    r"(?i)(bearer\s+|basic\s+|password[=:]\s*|token[=:]\s*|\"(?:token|access_token|password)\"\s*:\s*\"|"
    r"(?:^|\s)(?:-p|--password)[=\s]+|(?:ghp|gho|ghs|ghu|ghr|github_pat|dckr_pat|glpat)_|"
    r"[a-z][a-z0-9+.-]*://[^/@\s:]+:(?=[^\s/@]+@))"
    r"([A-Za-z0-9._~+/=%!$&*-]{6,})"
)
"""A credential's lead-in (auth scheme, `password=`, `-p`, a token prefix, URL user-info)
and the value after it."""


@cache
def _tokenish() -> re.Pattern[str]:
    """The token pattern, compiled on first use (most runs never scrub a log line)."""
    return re.compile(_TOKENISH)


def scrub_tokens(text: str) -> str:
    """Masks credentials that look like tokens even when the value is not known (log lines)."""
    return _tokenish().sub(lambda m: m.group(1) + "••••", text)
