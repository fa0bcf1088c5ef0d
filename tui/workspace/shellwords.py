"""Variable expansion in the shell style of Dockerfiles and Compose files.

`$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}`, `${VAR:+alt}` / `${VAR+alt}`,
`${VAR:?message}` / `${VAR?message}`, nested (`${A:-${B:-x}}`); Dockerfiles also strip a
prefix or suffix (`${VAR#pat}`, `${VAR%pat}`) and replace (`${VAR/a/b}`). Quotes are removed
the way the Dockerfile lexer does when `quotes` is set.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping

from tui.lazy_pattern import LazyPattern
from tui.record import field, record

_NAME = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_NESTING = 50
MAX_PATTERN_VALUE = 256


@record
class Expansion:
    """The expanded text, the names that were not set, and the `?` messages raised."""

    text: str
    unset: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def expand(text: str, values: Mapping[str, str], *, escape: str = "\\",
           quotes: bool = False, dollar_escape: bool = False) -> Expansion:
    """Expand `text` with `values`.

    `escape` + any character is that character (Dockerfile `\\$`); `dollar_escape` makes
    `$$` a literal dollar (Compose); `quotes` removes shell quotes (single quotes stop
    expansion).
    """
    out = Expansion("")
    out.text = _Lexer(text, values, escape, quotes, dollar_escape, out, 0).run()
    return out


class _Lexer:
    def __init__(self, text: str, values: Mapping[str, str], escape: str, quotes: bool,
                 dollar_escape: bool, out: Expansion, depth: int) -> None:
        self.text, self.values, self.escape = text, values, escape
        self.quotes, self.dollar_escape, self.out, self.depth = quotes, dollar_escape, out, depth
        self.pos = 0

    def run(self, stop: str = "") -> str:
        """Read until `stop` (a closing brace when nested) or the end."""
        text, n = self.text, len(self.text)
        parts: list[str] = []
        in_double = False
        while self.pos < n:
            ch = text[self.pos]
            if stop and ch == stop and not in_double:
                break
            if self.dollar_escape and text.startswith("$$", self.pos):
                parts.append("$")
                self.pos += 2
            elif self.escape and ch == self.escape and self.pos + 1 < n and not self.dollar_escape:
                parts.append(text[self.pos + 1])
                self.pos += 2
            elif self.quotes and ch == "'" and not in_double:
                end = text.find("'", self.pos + 1)
                end = n if end < 0 else end
                parts.append(text[self.pos + 1:end])
                self.pos = end + 1
            elif self.quotes and ch == '"':
                in_double = not in_double
                self.pos += 1
            elif ch == "$":
                parts.append(self.variable())
            else:
                parts.append(ch)
                self.pos += 1
        return "".join(parts)

    def variable(self) -> str:
        text = self.text
        start = self.pos
        self.pos += 1
        if self.pos < len(text) and text[self.pos] == "{":
            return self.braced(start)
        match = _NAME.match(text, self.pos)
        if not match:
            return "$"
        self.pos = match.end()
        return self.lookup(match.group(0))

    def lookup(self, name: str) -> str:
        if name in self.values:
            return self.values[name]
        self.out.unset.append(name)
        return ""

    def braced(self, start: int) -> str:
        text, n = self.text, len(self.text)
        self.pos += 1
        match = _NAME.match(text, self.pos)
        if not match:  # `${` without a name: kept as written up to the closing brace
            end = text.find("}", self.pos)
            end = n if end < 0 else end + 1
            self.pos = end
            return text[start:end]
        name = match.group(0)
        self.pos = match.end()
        if self.pos >= n:
            return text[start:]
        if text[self.pos] == "}":
            self.pos += 1
            return self.lookup(name)
        op = ""
        for candidate in (":-", ":+", ":?", "##", "%%", "-", "+", "?", "#", "%", "/"):
            if text.startswith(candidate, self.pos):
                op = candidate
                break
        if not op:  # not a form we know: kept as written
            end = text.find("}", self.pos)
            end = n if end < 0 else end + 1
            self.pos = end
            return text[start:end]
        self.pos += len(op)
        word = self.nested_word()
        present = name in self.values
        value = self.values.get(name, "")
        if op in (":-", "-"):
            return word if (not value if op == ":-" else not present) else value
        if op in (":+", "+"):
            return word if (value if op == ":+" else present) else ""
        if op in (":?", "?"):
            if not (value if op == ":?" else present):
                self.out.unset.append(name)
                self.out.errors.append(f"{name}: {word or 'not set'}")
            return value
        if not present:
            self.out.unset.append(name)
        return _pattern_op(op, value, word)

    def nested_word(self) -> str:
        if self.depth >= MAX_NESTING:
            end = self.text.find("}", self.pos)
            end = len(self.text) if end < 0 else end
            word, self.pos = self.text[self.pos:end], min(end + 1, len(self.text))
            return word
        inner = _Lexer(self.text, self.values, self.escape, self.quotes, self.dollar_escape,
                       self.out, self.depth + 1)
        inner.pos = self.pos
        word = inner.run(stop="}")
        self.pos = min(inner.pos + 1, len(self.text))
        return word


def _pattern_op(op: str, value: str, word: str) -> str:
    """`#`/`##` strip the shortest/longest matching prefix, `%`/`%%` the suffix; `/a/b` replaces
    the first match of the glob `a` with `b`."""
    if len(value) > MAX_PATTERN_VALUE:  # the glob search below is quadratic or worse
        return value
    if op == "/":
        pattern, _, replacement = word.partition("/")
        for size in range(len(value), 0, -1):
            for begin in range(0, len(value) - size + 1):
                if fnmatch.fnmatchcase(value[begin:begin + size], pattern):
                    return value[:begin] + replacement + value[begin + size:]
        return value
    sizes = range(len(value) + 1)
    if op in ("##", "%%"):
        sizes = range(len(value), -1, -1)
    for size in sizes:
        if op.startswith("#") and fnmatch.fnmatchcase(value[:size], word):
            return value[size:]
        if op.startswith("%") and fnmatch.fnmatchcase(value[len(value) - size:], word):
            return value[:len(value) - size]
    return value
