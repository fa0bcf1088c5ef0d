"""The text codecs: UTF-8 files with or without a byte-order mark, the one base64 decoder
(`.env-secrets` values, GCR `_json_key_base64` keys, ECR tokens) and the one encoder (a Basic
header, a secret's base64 form for the redactor).

Plain functions over the standard library; `base64` is imported when a value is decoded,
not at start-up.
"""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"


def utf8_text(raw: bytes, errors: str = "strict") -> str:
    """`raw.decode("utf-8-sig", errors)` — one byte-order mark dropped — without looking up
    that codec (its module is an import of its own at every start)."""
    return (raw[len(_BOM):] if raw.startswith(_BOM) else raw).decode("utf-8", errors)


def encode_base64(raw: bytes) -> str:
    """`base64.b64encode(raw)` as text, through the built-in `binascii` (`base64.py` brings
    `struct` and `re` with it)."""
    import binascii

    return binascii.b2a_base64(raw, newline=False).decode("ascii")


def decode_base64(text: str, *, urlsafe: bool = False) -> bytes:
    """Strict base64 with whitespace removed and missing padding added (raises ValueError).

    With `urlsafe`, the URL-safe alphabet (`-`, `_`) is accepted when the standard one fails
    (ECR tokens have been seen in both).
    """
    import base64

    compact = "".join(text.split())
    padded = compact + "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(padded, validate=True)
    except ValueError:  # binascii.Error is one
        if not urlsafe:
            raise
    translated = padded.replace("-", "+").replace("_", "/")
    return base64.b64decode(translated, validate=True)


def decode_base64_text(text: str, *, urlsafe: bool = False) -> str | None:
    """`decode_base64` as UTF-8 text, or None when it is not base64 of UTF-8."""
    try:
        return decode_base64(text, urlsafe=urlsafe).decode("utf-8")
    except ValueError:  # binascii.Error and UnicodeDecodeError are ones
        return None
