"""Japanese lines that wrap between any two characters, as `tui.i18n.wrap` wraps the text
output: Rich and Textual break lines only at spaces, so a Japanese sentence (few spaces) would
jump whole to the next line. `wrapped()` gives a Rich renderable that breaks by terminal cells
for Japanese text, and leaves English to Textual's own wrapping."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tui.i18n import LANGUAGES, language
from tui.i18n.width import cells
from tui.lazy_pattern import LazyPattern

_WIDE = "\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef"
_TOKEN = LazyPattern(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
"""A unit of a line; compiled on first use (its wide character ranges cost ~39 M instructions, and
English text never needs it)."""
_NO_LINE_START = "、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)]}.,:;!?"
_NO_LINE_END = "(「『【（〔〈《[{"


def _units(line: str) -> list[tuple[int, str]]:
    """(offset, unit): words, runs of spaces and single wide characters, a closing mark kept
    with the unit before it and an opening mark with the unit after it."""
    units: list[tuple[int, str]] = []
    for match in _TOKEN.finditer(line):
        token = match.group()
        glued = units and not token.isspace() and not units[-1][1].isspace()
        if glued and (token[0] in _NO_LINE_START or units[-1][1][-1] in _NO_LINE_END):
            units[-1] = (units[-1][0], units[-1][1] + token)
        else:
            units.append((match.start(), token))
    return units


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break `line` (no newline in it) so that no piece is wider than `width` cells:
    at spaces, and between two wide characters (never before a closing mark such as `。`)."""
    offsets: list[int] = []
    used = 0
    for offset, unit in _units(line):
        size = cells(unit)
        if not unit.isspace() and used and used + size > width:
            offsets.append(offset)
            used = 0
        used += size
    return offsets


class CellWrapped:
    """A `Text` wrapped by terminal cells at render time (whatever the widget's width)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def lines(self, width: int) -> list[Text]:
        """The text's lines at `width`, spaces at a break dropped."""
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            for index, piece in enumerate(line.divide(break_offsets(line.plain,
                                                                    max(1, width)))):
                start = len(piece.plain) - len(piece.plain.lstrip(" ")) if index else 0
                piece = piece[start:] if start else piece
                piece.rstrip()
                out.append(piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text("\n").join(self.lines(options.max_width))
        text.no_wrap = False
        text.overflow = "fold"  # a piece still too wide (a long URL) folds, never cut
        yield text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cells(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(4, longest), longest)


def wrapped(text: Text) -> Text | CellWrapped:
    """`text` as it is in English; wrapped by cells in Japanese."""
    return text if language() == LANGUAGES[0] else CellWrapped(text)
