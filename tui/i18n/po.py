"""The part of the gettext `.po` format this project writes: entries with `msgctxt`-free
`msgid`, `msgid_plural`, `msgstr`, `msgstr[n]`, multi-line strings, `#,` flags and comments;
and the `.mo` file compiled from them (the layout GNU gettext documents)."""

from __future__ import annotations

import struct

from tui.record import field, record


@record
class Entry:
    """One message of a catalog."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    """The value of one `"…"` string of a `.po` line (C escapes `\\n \\t \\r \\" \\\\`)."""
    quoted = text.strip()
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(f"not a quoted string: {quoted[:40]!r}")
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    parts = body.split("\\")
    out = [parts[0]]
    pending = False  # the previous part ended in an escaped backslash
    for part in parts[1:]:
        if pending:
            out.append(part)
            pending = False
        elif not part:  # two backslashes in a row: one literal backslash
            out.append("\\")
            pending = True
        elif part[0] in _ESCAPES:
            out.append(_ESCAPES[part[0]] + part[1:])
        else:
            raise ValueError(f"unknown escape \\{part[0]}")
    return "".join(out)


def read_po(text: str) -> list[Entry]:
    """The entries of a `.po` text, the header (msgid "") included; raises ValueError on a
    line it does not understand."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    seen_id = False

    def flush() -> None:
        nonlocal entry, target, seen_id
        if seen_id:
            entries.append(entry)
        entry, target, seen_id = Entry(), None, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            if seen_id:
                flush()
            entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            if seen_id:
                flush()
            entry.comments.append(line)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural = _unquote(line[13:])
            target = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            if seen_id:
                flush()
            entry.msgid, seen_id, target = _unquote(line[6:]), True, ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            entry.msgstr_plural.extend([""] * (index + 1 - len(entry.msgstr_plural)))
            entry.msgstr_plural[index] = _unquote(line[line.index("]") + 1:])
            target = ("msgstr_plural", index)
        elif line.startswith("msgstr "):
            entry.msgstr, target = _unquote(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr_plural":
                entry.msgstr_plural[index] += _unquote(line)
            else:
                setattr(entry, name, getattr(entry, name) + _unquote(line))
        else:
            raise ValueError(f"line {number}: not a .po line: {raw[:60]!r}")
    flush()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The `.mo` bytes of the translated, non-fuzzy entries (and the header)."""
    pairs: list[tuple[bytes, bytes]] = []
    for e in entries:
        if e.fuzzy and e.msgid:
            continue
        if e.msgid_plural:
            if not any(e.msgstr_plural):
                continue
            original = e.msgid + "\0" + e.msgid_plural
            translated = "\0".join(e.msgstr_plural)
        else:
            if not e.msgstr:
                continue
            original, translated = e.msgid, e.msgstr
        pairs.append((original.encode("utf-8"), translated.encode("utf-8")))
    pairs.sort()  # GNU gettext looks ids up by binary search
    count = len(pairs)
    key_start = 7 * 4 + 16 * count
    ids = b"".join(k + b"\0" for k, _v in pairs)
    strs = b"".join(v + b"\0" for _k, v in pairs)
    offsets: list[int] = []
    position = key_start
    for key, _v in pairs:
        offsets += [len(key), position]
        position += len(key) + 1
    value_offsets: list[int] = []
    position = key_start + len(ids)
    for _k, value in pairs:
        value_offsets += [len(value), position]
        position += len(value) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    table = struct.pack(f"{2 * count}i", *offsets) + struct.pack(f"{2 * count}i", *value_offsets)
    return header + table + ids + strs
