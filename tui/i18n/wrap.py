"""Wrapping by terminal cells: English breaks at spaces, Japanese between any two characters
(never before closing punctuation such as `。` or `」`). Long lines wrap, never cut."""

from __future__ import annotations

from tui.i18n.width import cells

_NO_LINE_START = "、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)]}.,:;!?"
_NO_LINE_END = "(「『【（〔〈《[{"
_WIDE_BLOCKS = ((0x2E80, 0x9FFF), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
"""CJK radicals to ideographs, Hangul, compatibility ideographs, full-width forms: a line may
break before and after each of their characters."""


def _breaks_alone(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x2E80 and any(low <= code <= high for low, high in _WIDE_BLOCKS)


def _split(paragraph: str) -> list[str]:
    """Runs of spaces, single wide characters and runs of anything else, in order."""
    if paragraph.isascii():  # the common case: words between spaces
        words = paragraph.split()
        return [piece for word in words for piece in (" ", word)][1:]
    out: list[str] = []
    run = ""
    for ch in paragraph:
        kind = " " if ch.isspace() else "w" if _breaks_alone(ch) else "a"
        if run and (kind == "w" or (run[-1].isspace()) != (kind == " ")
                    or _breaks_alone(run[-1])):
            out.append(run)
            run = ""
        run += ch
    if run:
        out.append(run)
    return out


def _tokens(paragraph: str) -> list[str]:
    """Words, runs of spaces, and single wide characters (closing marks kept with the one
    before them, opening marks with the one after)."""
    out: list[str] = []
    for token in _split(paragraph):
        glued = out and not token.isspace() and not out[-1].isspace()
        if glued and (token[0] in _NO_LINE_START or out[-1][-1] in _NO_LINE_END):
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text`'s lines, each paragraph wrapped to `width` cells with `indent` before each."""
    room = max(10, width - cells(indent))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for token in _tokens(paragraph):
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            size = cells(token)
            if line and used + size > room:
                lines.append(indent + line.rstrip())
                line, used = "", 0
            line, used = line + token, used + size
        lines.append(indent + line.rstrip())
    return lines
