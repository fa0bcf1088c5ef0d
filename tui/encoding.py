"""The one base64 decoder: `.env-secrets` values, GCR `_json_key_base64` keys, ECR tokens.

Plain functions over the standard library; nothing here is imported at start-up.
"""

from __future__ import annotations

import base64
import binascii


def decode_base64(text: str, *, urlsafe: bool = False) -> bytes:
    """Strict base64 with whitespace removed and missing padding added (raises ValueError).

    With `urlsafe`, the URL-safe alphabet (`-`, `_`) is accepted when the standard one fails
    (ECR tokens have been seen in both).
    """
    compact = "".join(text.split())
    padded = compact + "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        if not urlsafe:
            raise
    translated = padded.replace("-", "+").replace("_", "/")
    return base64.b64decode(translated, validate=True)


def decode_base64_text(text: str, *, urlsafe: bool = False) -> str | None:
    """`decode_base64` as UTF-8 text, or None when it is not base64 of UTF-8."""
    try:
        return decode_base64(text, urlsafe=urlsafe).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
