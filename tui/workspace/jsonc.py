"""JSON with comments, read with the tolerance of the dev containers CLI's parser.

The CLI never rejects a devcontainer.json for its syntax: it keeps every value it can read and
steps over the rest (an unknown word, a missing comma, an unclosed brace). This module does the
same and lists what it stepped over, so the context step can warn without calling a file the
CLI accepts invalid. Accepted without a word: `//` and `/* */` comments and trailing commas.
Not JSON5: single quotes, unquoted keys, hex numbers and `Infinity` are stepped over (the value
they carry is lost, exactly as in the CLI).
"""

from __future__ import annotations

from tui.i18n import _, t
from tui.record import record

MAX_DEPTH = 200
"""Deeper nesting is cut off (a guard against stack exhaustion; no real file comes close)."""

_PUNCT = "{}[]:,"
_STOP = frozenset(' \t\r\n{}[]":,/')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}


@record(frozen=True)
class JsoncProblem:
    """One thing the parser stepped over: where (1-based) and what."""

    line: int
    column: int
    message: str


@record
class _Token:
    kind: str  # one of _PUNCT, "string", "number", "true", "false", "null", "eof"
    value: object
    offset: int


class _Parser:
    """A recovering recursive-descent parser over a token stream."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.problems: list[tuple[int, str]] = []
        self.token = _Token("eof", None, 0)
        self.depth = 0

    # --- scanning ---------------------------------------------------------------------------

    def problem(self, offset: int, message: str) -> None:
        self.problems.append((offset, message))

    def advance(self) -> _Token:
        """Move to the next significant token (comments, whitespace and unknown words skipped)."""
        text, n = self.text, len(self.text)
        while True:
            while self.pos < n and text[self.pos] in " \t\r\n":
                self.pos += 1
            start = self.pos
            if start >= n:
                self.token = _Token("eof", None, n)
                return self.token
            ch = text[start]
            if ch in _PUNCT:
                self.pos += 1
                self.token = _Token(ch, ch, start)
                return self.token
            if ch == '"':
                self.token = _Token("string", self._string(), start)
                return self.token
            if ch == "/" and text.startswith("//", start):
                end = start + 2
                while end < n and text[end] not in "\r\n":
                    end += 1
                self.pos = end
                continue
            if ch == "/" and text.startswith("/*", start):
                end = text.find("*/", start + 2)
                if end < 0:
                    self.problem(start, _("a block comment is not closed"))
                    self.pos = n
                else:
                    self.pos = end + 2
                continue
            if ch == "-" and not (start + 1 < n and text[start + 1].isdigit()):
                self.pos += 1
                self.problem(start, _("unexpected `-`"))
                continue
            if ch == "-" or "0" <= ch <= "9":
                self.token = _Token("number", self._number(), start)
                return self.token
            end = start
            while end < n and text[end] not in _STOP:
                end += 1
            end = max(end, start + 1)
            word = text[start:end]
            self.pos = end
            if word in ("true", "false", "null"):
                self.token = _Token(word, {"true": True, "false": False, "null": None}[word],
                                    start)
                return self.token
            self.problem(start, t("unexpected `{word}`", word=_short(word)))

    def _string(self) -> str:
        text, n = self.text, len(self.text)
        start = self.pos
        self.pos += 1
        parts: list[str] = []
        while True:
            if self.pos >= n:
                self.problem(start, _("a string is not closed"))
                break
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                break
            if ch == "\\":
                self.pos += 1
                if self.pos >= n:
                    self.problem(start, _("a string is not closed"))
                    break
                code = text[self.pos]
                self.pos += 1
                if code in _ESCAPES:
                    parts.append(_ESCAPES[code])
                elif code == "u":
                    digits = text[self.pos:self.pos + 4]
                    if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                        parts.append(chr(int(digits, 16)))
                        self.pos += 4
                    else:
                        self.problem(self.pos - 2, _("a `\\u` escape needs four hex digits"))
                else:
                    self.problem(self.pos - 2, t("`\\{code}` is not a JSON escape", code=code))
                continue
            if ch in "\r\n":
                self.problem(start, _("a string is not closed before the end of the line"))
                break
            if ord(ch) < 0x20:
                self.problem(self.pos, _("a control character inside a string"))
            parts.append(ch)
            self.pos += 1
        return "".join(parts)

    def _number(self) -> float | int:
        text, n = self.text, len(self.text)
        start = self.pos
        if text[self.pos] == "-":
            self.pos += 1
        if text[self.pos] == "0":
            self.pos += 1
        else:
            while self.pos < n and text[self.pos].isdigit():
                self.pos += 1
        end = self.pos
        if self.pos < n and text[self.pos] == ".":
            self.pos += 1
            if self.pos < n and text[self.pos].isdigit():
                while self.pos < n and text[self.pos].isdigit():
                    self.pos += 1
                end = self.pos
            else:
                self.problem(start, _("a number ends after its `.`"))
                end = self.pos
        if self.pos < n and text[self.pos] in "eE":
            self.pos += 1
            if self.pos < n and text[self.pos] in "+-":
                self.pos += 1
            if self.pos < n and text[self.pos].isdigit():
                while self.pos < n and text[self.pos].isdigit():
                    self.pos += 1
                end = self.pos
            else:
                self.problem(start, _("a number's exponent has no digits"))
        written = text[start:end]
        try:
            value = float(written) if any(c in written for c in ".eE") else int(written)
        except ValueError:
            value = 0
        return value

    # --- parsing ----------------------------------------------------------------------------

    def skip_to(self, stops: str) -> None:
        """Step over tokens until one of `stops` (or the end)."""
        while self.token.kind not in stops and self.token.kind != "eof":
            self.advance()

    def value(self) -> tuple[bool, object]:
        kind = self.token.kind
        if kind == "{":
            return True, self.obj()
        if kind == "[":
            return True, self.array()
        if kind in ("string", "number", "true", "false", "null"):
            value = self.token.value
            self.advance()
            return True, value
        return False, None

    def _enter(self) -> bool:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.problem(self.token.offset, _("nested too deeply"))
            self.pos = len(self.text)
            self.token = _Token("eof", None, self.pos)
            return False
        return True

    def obj(self) -> dict:
        result: dict = {}
        if not self._enter():
            return result
        self.advance()
        needs_comma = False
        while self.token.kind not in ("}", "eof"):
            if self.token.kind == ",":
                if not needs_comma:
                    self.problem(self.token.offset, _("a value is expected before `,`"))
                self.advance()
                if self.token.kind == "}":  # a trailing comma: accepted
                    break
            elif needs_comma:
                self.problem(self.token.offset, _("a `,` is expected"))
            self.property(result)
            needs_comma = True
        if self.token.kind == "}":
            self.advance()
        else:
            self.problem(self.token.offset, _("a `}` is expected"))
        self.depth -= 1
        return result

    def property(self, into: dict) -> None:
        if self.token.kind != "string":
            self.problem(self.token.offset, _("a property name in double quotes is expected"))
            self.skip_to("},")
            return
        name = str(self.token.value)
        self.advance()
        if self.token.kind != ":":
            self.problem(self.token.offset, t("a `:` is expected after \"{name}\"",
                                              name=_short(name)))
            self.skip_to("},")
            return
        self.advance()
        ok, value = self.value()
        if ok:
            into[name] = value
        else:
            self.problem(self.token.offset, t("a value is expected for \"{name}\"",
                                              name=_short(name)))
            self.skip_to("},")

    def array(self) -> list:
        result: list = []
        if not self._enter():
            return result
        self.advance()
        needs_comma = False
        while self.token.kind not in ("]", "eof"):
            if self.token.kind == ",":
                if not needs_comma:
                    self.problem(self.token.offset, _("a value is expected before `,`"))
                self.advance()
                if self.token.kind == "]":
                    break
            elif needs_comma:
                self.problem(self.token.offset, _("a `,` is expected"))
            ok, value = self.value()
            if ok:
                result.append(value)
            else:
                self.problem(self.token.offset, _("a value is expected"))
                self.skip_to("],")
            needs_comma = True
        if self.token.kind == "]":
            self.advance()
        else:
            self.problem(self.token.offset, _("a `]` is expected"))
        self.depth -= 1
        return result


def parse_jsonc(text: str) -> tuple[object, list[JsoncProblem]]:
    """The value the CLI reads from `text` (None for nothing), and what was stepped over."""
    parser = _Parser(text)
    parser.advance()
    value: object = None
    if parser.token.kind == "eof":
        parser.problem(0, _("the file is empty"))
    else:
        ok, value = parser.value()
        if not ok:
            parser.problem(parser.token.offset, _("a value is expected"))
        elif parser.token.kind != "eof":
            parser.problem(parser.token.offset, _("text follows the end of the value"))
    return value, [_located(text, offset, message) for offset, message in parser.problems]


def _located(text: str, offset: int, message: str) -> JsoncProblem:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return JsoncProblem(line, column, message)


def _short(text: str) -> str:
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:40])
    return shown + ("…" if len(text) > 40 else "")
