"""Wrapping by terminal cells: English breaks at spaces, Japanese between any two characters
(never before closing punctuation such as `。` or `」`). Long lines wrap, never cut."""

from __future__ import annotations

from tui.i18n.width import cells
from tui.lazy_pattern import LazyPattern

_NO_LINE_START = "、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)]}.,:;!?"
_NO_LINE_END = "(「『【（〔〈《[{"
_TOKEN = LazyPattern(r"\s+|[\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff"
                    r"\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]+")


def _tokens(paragraph: str) -> list[str]:
    """Words, runs of spaces, and single wide characters (closing marks kept with the one
    before them, opening marks with the one after)."""
    out: list[str] = []
    for token in _TOKEN.findall(paragraph):
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
        line = ""
        for token in _tokens(paragraph):
            if token.isspace():
                if line:
                    line += " "
                continue
            if line and cells(line + token) > room:
                lines.append(indent + line.rstrip())
                line = ""
            line += token
        lines.append(indent + line.rstrip())
    return lines
