"""The translation catalogs: gather every message id, merge them into each language's `.po`.

Usage: python scripts/i18n.py [--check] [--import LANG FILE]

Message ids come from the catalogue (titles, meanings, fixes), the fix templates, the step
table (titles, intros, stage labels), the severities, and every `_("…")`, `t("…")` and
`ngettext("…", "…", n)` call in `tui/` (a literal first argument). `--check` changes nothing
and exits 1 when a `.po` lacks a message id or holds one no longer used. `--import LANG FILE`
takes translations from a JSON object {msgid: msgstr} (a translator's work) into LANG's `.po`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.i18n import DOMAIN, LANGUAGES  # noqa: E402
from tui.i18n.catalogs import catalog_path  # noqa: E402
from tui.i18n.po import Entry, read_po  # noqa: E402

CALLS = {"_": 1, "N_": 1, "t": 1, "ngettext": 2}
HEADER = (
    "Project-Id-Version: registry-doctor\n"
    "Language: {lang}\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


def message_ids() -> dict[str, tuple[str, str]]:
    """msgid → (msgid_plural, where first seen), in the order they are found."""
    from tui.catalogue import CATALOGUE
    from tui.fix_texts import FIX_TEMPLATES
    from tui.model import Severity
    from tui.steps import STAGE_LABELS, STEPS

    found: dict[str, tuple[str, str]] = {}

    def add(text: str, where: str, plural: str = "") -> None:
        if text and text not in found:
            found[text] = (plural, where)

    for severity in Severity:
        add(severity.value, "tui/model.py")
    for step in STEPS:
        add(step.title, "tui/steps.py")
        add(step.intro, "tui/steps.py")
    for label in STAGE_LABELS.values():
        add(label, "tui/steps.py")
    for entry in CATALOGUE.values():
        for text in (entry.title, entry.meaning, entry.fix):
            add(text, f"tui/catalogue.py:{entry.code}")
    for code, variants in FIX_TEMPLATES.items():
        for template in variants.values():
            add(template, f"tui/fix_texts.py:{code}")
    for path in sorted((ROOT / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            arity = CALLS.get(node.func.id)
            args = node.args[:arity or 0]
            if arity and len(args) == arity and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                add(args[0].value, where, args[1].value if arity == 2 else "")  # type: ignore[attr-defined]
    return found


def _quote(text: str, width: int = 76) -> str:
    """A `.po` string: one line when short, else `""` and lines cut after spaces."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1 and len(escaped) < width - 8:
        return f'"{parts[0] if parts else ""}"'
    chunks: list[str] = []
    for part in parts:
        while len(part) > width:
            cut = part.rfind(" ", 0, width)
            cut = width if cut <= 0 else cut + 1
            chunks.append(part[:cut])
            part = part[cut:]
        chunks.append(part)
    return '""\n' + "\n".join(f'"{c}"' for c in chunks)


def render(lang: str, entries: list[Entry]) -> str:
    """The `.po` text of `entries` (the header first)."""
    out = [f'msgid ""\nmsgstr {_quote(HEADER.format(lang=lang))}\n']
    for e in entries:
        lines = [*e.comments]
        flags = sorted(e.flags | ({"python-brace-format"} if "{" in e.msgid else set()))
        if flags:
            lines.append("#, " + ", ".join(flags))
        lines.append(f"msgid {_quote(e.msgid)}")
        if e.msgid_plural:
            lines.append(f"msgid_plural {_quote(e.msgid_plural)}")
            forms = e.msgstr_plural or [""]
            lines += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(forms)]
        else:
            lines.append(f"msgstr {_quote(e.msgstr)}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def merged(lang: str, ids: dict[str, tuple[str, str]],
           imported: dict[str, str] | None = None) -> tuple[str, list[str], list[str]]:
    """The new `.po` text, the ids added and the ids dropped."""
    path = catalog_path(lang, DOMAIN, ".po")
    old = {e.msgid: e for e in read_po(path.read_text("utf-8"))} if path.is_file() else {}
    old.pop("", None)
    for msgid, msgstr in (imported or {}).items():
        if msgid in old and msgstr:
            entry = old[msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = [msgstr]
            else:
                entry.msgstr = msgstr
    entries = []
    for msgid, (plural, where) in ids.items():
        previous = old.get(msgid)
        entry = Entry(msgid=msgid, msgid_plural=plural, comments=[f"#: {where}"])
        if previous is not None:
            entry.msgstr, entry.msgstr_plural = previous.msgstr, previous.msgstr_plural
            entry.flags = previous.flags - {"python-brace-format"}
            entry.comments = [c for c in previous.comments if c.startswith("# ")] + entry.comments
        entries.append(entry)
    added = [m for m in ids if m not in old]
    dropped = [m for m in old if m not in ids]
    return render(lang, entries), added, dropped


def main(argv: list[str]) -> int:
    import json

    check = "--check" in argv
    imports: dict[str, dict[str, str]] = {}
    if "--import" in argv:
        at = argv.index("--import")
        lang, source = argv[at + 1], Path(argv[at + 2])
        imports[lang] = json.loads(source.read_text(encoding="utf-8"))
    ids = message_ids()
    status = 0
    for lang in LANGUAGES[1:]:
        path = catalog_path(lang, DOMAIN, ".po")
        text, added, dropped = merged(lang, ids, imports.get(lang))
        if check:
            if added or dropped:
                print(f"{path}: {len(added)} message ids missing, {len(dropped)} no longer "
                      "used; run python scripts/i18n.py")
                status = 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(ids)} messages ({len(added)} new, "
              f"{len(dropped)} dropped)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
