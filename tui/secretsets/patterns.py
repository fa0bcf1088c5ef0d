"""The `<*>_CONTAINER_REGISTRY_{SERVER,USER,PASSWORD}` name pattern and its near misses.

Pure string work: which names are on the pattern, which are close to it (and what was meant),
and which names hold secret values.
"""

from __future__ import annotations

import re

from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.record import record

FIELDS: tuple[str, ...] = ("SERVER", "USER", "PASSWORD")
"""The three variables of a secret set, in the order the guide names them."""

CANONICAL = LazyPattern(
    r"^(?:(?P<prefix>[A-Z0-9_]*[A-Z0-9])_)?CONTAINER_REGISTRY_(?P<field>SERVER|USER|PASSWORD)$"
)
"""A name on the pattern; `prefix` is None for the identifier-less `CONTAINER_REGISTRY_*`."""

CONTEXT_NAMES = frozenset({"GITHUB_TOKEN", "GITHUB_REPOSITORY", "CODESPACE_NAME", "CODESPACES"})
"""Variables outside the family that the checks read."""

FIELD_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ("URL", "URI", "HOST", "HOSTNAME", "HOST_NAME", "SERVER_URL", "SERVER_NAME", "SERVERS",
         "ADDRESS", "ADDR", "ENDPOINT", "DOMAIN", "SERVERURL", "SRV"),
        "SERVER",
    ),
    **dict.fromkeys(
        ("USERNAME", "USER_NAME", "USERID", "USER_ID", "USR", "USERS", "LOGIN"),
        "USER",
    ),
    **dict.fromkeys(
        ("PASS", "PWD", "PASSWD", "PASSWORDS", "PASS_WORD", "TOKEN", "SECRET", "ACCESS_TOKEN",
         "KEY", "PAT", "API_KEY", "PASSPHRASE", "PW"),
        "PASSWORD",
    ),
}
"""Field spellings people use instead of SERVER / USER / PASSWORD."""

_SECRET_WORDS = ("PASSWORD", "PASS", "PWD", "TOKEN", "SECRET", "KEY")
_SEPARATORS = LazyPattern(r"[_\-.\s]+")
_JOINED = LazyPattern(r"^(CONT[A-Z]*?)(REG[A-Z]*)$")


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours costs 1."""
    if a == b:
        return 0
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@record(frozen=True)
class CanonicalName:
    """A name on the pattern."""

    name: str
    prefix: str | None
    field: str


def parse_canonical(name: str) -> CanonicalName | None:
    """The prefix and field of a name exactly on the pattern (None otherwise)."""
    match = CANONICAL.match(name)
    if not match:
        return None
    return CanonicalName(name, match["prefix"], match["field"])


@record(frozen=True)
class NearMiss:
    """A name close to the pattern: what was probably meant, and why it is off."""

    name: str
    prefix: str | None
    """The identifier it seems to carry (None when it has none)."""
    field: str
    reasons: tuple[str, ...]

    def intended(self, fallback_prefix: str = "REGISTRY") -> str:
        """The name on the pattern this one was meant to be."""
        return f"{self.prefix or fallback_prefix}_CONTAINER_REGISTRY_{self.field}"


def _is_registry_word(token: str) -> bool:
    return len(token) >= 6 and token.startswith("REG") and (
        edit_distance(token, "REGISTRY") <= 2 or token in ("REGISTRIES", "REGISTERIES")
    )


def _is_container_word(token: str) -> bool:
    return len(token) >= 7 and token.startswith("CON") and edit_distance(token, "CONTAINER") <= 2


def _field_of(text: str) -> str | None:
    if text in FIELDS:
        return text
    if text in FIELD_SYNONYMS:
        return FIELD_SYNONYMS[text]
    if len(text) < 4 or "_" in text:
        return None
    best = min(FIELDS, key=lambda f: edit_distance(text, f))
    limit = 1 if len(best) <= 6 else 2
    return best if edit_distance(text, best) <= limit else None


def _tokens(upper: str) -> tuple[list[str], bool]:
    """The words of a name, and whether CONTAINER and REGISTRY were written as one word."""
    tokens: list[str] = []
    glued = False
    for token in _SEPARATORS.split(upper):
        if not token:
            continue
        joined = _JOINED.match(token)
        if joined and _is_container_word(joined[1]) and _is_registry_word(joined[2]):
            tokens.extend([joined[1], joined[2]])
            glued = True
        else:
            tokens.append(token)
    return tokens, glued


def near_miss(name: str) -> NearMiss | None:
    """What `name` was meant to be, when it is close to the pattern but not on it."""
    if CANONICAL.match(name):
        return None
    upper = name.upper()
    if upper != name and (exact := parse_canonical(upper)) is not None:
        return NearMiss(name, exact.prefix, exact.field, (_("written in lower case"),))
    tokens, glued = _tokens(upper)
    registry_at = next(
        (i for i in range(len(tokens) - 2, -1, -1) if _is_registry_word(tokens[i])), None
    )
    if registry_at is None:
        return None
    field_text = "_".join(tokens[registry_at + 1:])
    field = _field_of(field_text)
    if field is None:
        return None
    has_container = registry_at >= 1 and _is_container_word(tokens[registry_at - 1])
    start = registry_at - 1 if has_container else registry_at
    prefix = "_".join(tokens[:start]) or None
    reasons: list[str] = []
    if upper != name:
        reasons.append(_("written in lower case"))
    if re.search(r"[\-.\s]|__", name) or name.startswith("_") or name.endswith("_"):
        reasons.append(_("uses separators other than a single `_`"))
    if glued:
        reasons.append(_("`CONTAINER` and `REGISTRY` written as one word"))
    if has_container and tokens[registry_at - 1] != "CONTAINER":
        reasons.append(t("`{word}` instead of `CONTAINER`", word=tokens[registry_at - 1]))
    if not has_container:
        if field_text not in FIELDS:
            return None  # `NPM_REGISTRY_TOKEN` and the like: too far to guess
        reasons.append(_("`CONTAINER_` is missing"))
    if tokens[registry_at] != "REGISTRY":
        reasons.append(t("`{word}` instead of `REGISTRY`", word=tokens[registry_at]))
    if field_text != field:
        reasons.append(t("`_{written}` instead of `_{field}`", written=field_text, field=field))
    if not reasons:
        return None
    return NearMiss(name, prefix, field, tuple(dict.fromkeys(reasons)))


def is_secret_name(name: str) -> bool:
    """Whether the variable's value is a password, token or key (so it is wrapped in a Secret)."""
    upper = name.upper()
    if any(word in upper for word in _SECRET_WORDS):
        return True
    canonical = parse_canonical(upper)
    if canonical is not None:
        return canonical.field == "PASSWORD"
    miss = near_miss(name)
    return miss is not None and miss.field == "PASSWORD"


def is_relevant(name: str) -> bool:
    """Whether the diagnosis keeps this variable: the family, its near misses, the context names."""
    if name in CONTEXT_NAMES:
        return True
    return parse_canonical(name) is not None or near_miss(name) is not None
