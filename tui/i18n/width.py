"""Terminal cells of a text: East Asian wide and full-width characters take two, so columns
of Japanese text line up (`pad`)."""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    """How many terminal columns `text` takes."""
    if text.isascii():  # every ASCII character takes one cell (most texts: no lookup per char)
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0
               if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns (never cut)."""
    return text + " " * max(0, width - cells(text))
