"""Regular expressions compiled on first use.

A module-level `re.compile` costs at import, in every run, even when the run never reaches the
code that matches (most runs use a few of the tree's patterns). `LazyPattern` has the methods
of `re.Pattern` that the tree uses and compiles its pattern the first time one is called:

    _VARIABLE = LazyPattern(r"\\$\\{(.*?)\\}")
    ...
    for found in _VARIABLE.finditer(text): ...

Two threads may compile the same pattern at once; both get an equal `re.Pattern`, so no lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_LAST = 2**63 - 1
"""`sys.maxsize`, the `endpos` that means "to the end" (as `re.Pattern`'s own default)."""


class LazyPattern:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if this is the first use)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = _LAST) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _LAST) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = _LAST) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _LAST) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _LAST) -> list:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0,
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list:
        return self.compiled.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
