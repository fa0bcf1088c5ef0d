"""One Compose file read as Compose reads it: YAML with `!reset` / `!override`, interpolated
from an environment, short forms written long, and the rules by which files merge.

`compose` builds projects from these pieces (several files, `include`, `extends`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import cast

from tui.i18n import _, t
from tui.record import record
from tui.workspace.files import printable, read_text
from tui.workspace.shellwords import expand

REPLACED_SEQUENCES = frozenset({"command", "entrypoint", "test"})
MAX_DEPTH = 64
MAX_NODES = 100_000
"""Deeper YAML is refused (a guard against stack exhaustion; no real file comes close)."""

Problems = list[tuple[str, str]]
"""(source, sentence) pairs."""


class Reset:
    """A `!reset` value: removes what earlier files set."""


@record
class Override:
    """A `!override` value: replaces what earlier files set, without merging."""

    value: object


def load_file(path: Path, source: str, environ: Mapping[str, str], problems: Problems,
              unset: dict[str, list[str]]) -> dict | None:
    """The file's top-level mapping, interpolated from `environ`; None (and a problem) when it
    cannot be read. Interpolated values that used unset variables are noted in `unset`."""
    text, error = read_text(path)
    if error is not None:
        problems.append((source, error))
        return None
    try:
        data = _yaml_load(text)
    except RecursionError:
        problems.append((source, _("is nested too deeply to be read")))
        return None
    except Exception as exc:  # any YAML fault is the user's file, not ours
        problems.append((source, yaml_error(exc)))
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append((source, t("the top level is a {kind}, not a mapping",
                                   kind=type(data).__name__)))
        return None
    if _too_deep(data):
        problems.append((source, t("is nested more than {depth} levels deep or expands to too "
                                   "many values (YAML aliases)", depth=MAX_DEPTH)))
        return None
    return cast(dict, _interpolate(data, environ, source, problems, unset))


def _too_deep(data: object) -> bool:
    """Whether `data` nests deeper than MAX_DEPTH or holds more than MAX_NODES values once its
    aliases are followed (a self-referencing alias counts as endlessly deep)."""
    pending: list[tuple[object, int]] = [(data, 0)]
    visited = 0
    while pending:
        value, depth = pending.pop()
        if isinstance(value, Override):
            value = value.value
        if not isinstance(value, (dict, list)):
            continue
        visited += 1
        if depth >= MAX_DEPTH or visited > MAX_NODES:
            return True
        items = value.values() if isinstance(value, dict) else value
        pending.extend((item, depth + 1) for item in items)
    return False


def _yaml_load(text: str) -> object:
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that knows Compose's `!reset` and `!override` tags."""

    def reset(loader: yaml.SafeLoader, node: yaml.Node) -> Reset:
        return Reset()

    def override(loader: yaml.SafeLoader, node: yaml.Node) -> Override:
        if isinstance(node, yaml.MappingNode):
            return Override(loader.construct_mapping(node, deep=True))
        if isinstance(node, yaml.SequenceNode):
            return Override(loader.construct_sequence(node, deep=True))
        return Override(loader.construct_scalar(cast(yaml.ScalarNode, node)))

    Loader.add_constructor("!reset", reset)
    Loader.add_constructor("!override", override)
    return yaml.load(text, Loader=Loader)  # a SafeLoader subclass


def _interpolate(value: object, environ: Mapping[str, str], source: str, problems: Problems,
                 unset: dict[str, list[str]]) -> object:
    if isinstance(value, str):
        result = expand(value, environ, escape="", dollar_escape=True)
        for error in result.errors:
            problems.append((source, t("a required variable is not set: {error}",
                                       error=error[:120])))
        if result.unset:
            unset.setdefault(result.text, []).extend(result.unset)
        return result.text
    if isinstance(value, dict):
        return {key: _interpolate(item, environ, source, problems, unset)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, environ, source, problems, unset) for item in value]
    if isinstance(value, Override):
        return Override(_interpolate(value.value, environ, source, problems, unset))
    return value


def normalise(spec: dict) -> dict:
    """Short forms written long, so that files merge: `build: path`, `depends_on: [a, b]`."""
    spec = dict(spec)
    if isinstance(spec.get("build"), str):
        spec["build"] = {"context": spec["build"]}
    depends = spec.get("depends_on")
    if isinstance(depends, list):
        spec["depends_on"] = {str(d): {} for d in depends}
    build = spec.get("build")
    if isinstance(build, dict) and isinstance(build.get("args"), list):
        args: dict[str, object] = {}
        for item in map(str, build["args"]):
            key, eq, value = item.partition("=")
            args[key] = value if eq else None  # a bare name takes its value from the environment
        spec["build"] = {**build, "args": args}
    return spec


def merge(base: object, override: object, key: str = "") -> object:
    """`override` merged over `base` as a later compose file is: mappings merge, sequences
    append (`command`, `entrypoint`, `healthcheck.test` replace), `!reset`, `!override`."""
    if isinstance(override, Reset):
        return Reset()
    if isinstance(override, Override):
        return override.value
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            if name in merged:
                merged[name] = merge(merged[name], value, str(name))
            else:
                merged[name] = value
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in REPLACED_SEQUENCES:
        return base + [item for item in override if item not in base]
    return override


def strip_tags(value: object) -> object:
    """`value` with `!reset` entries removed and `!override` wrappers unwrapped."""
    if isinstance(value, dict):
        return {k: strip_tags(v) for k, v in value.items() if not isinstance(v, Reset)}
    if isinstance(value, list):
        return [strip_tags(v) for v in value if not isinstance(v, Reset)]
    if isinstance(value, Override):
        return strip_tags(value.value)
    return value


def yaml_error(exc: Exception) -> str:
    """A one-line sentence for a YAML parse error, with its line and column (the parser's own
    words quoted: they stay as PyYAML wrote them)."""
    mark = getattr(exc, "problem_mark", None)
    lines = str(exc).splitlines()
    problem = getattr(exc, "problem", None) or (lines[0] if lines else type(exc).__name__)
    if mark is not None:
        return t("line {line}, column {column}: “{message}”", line=mark.line + 1,
                 column=mark.column + 1, message=printable(str(problem)[:120]))
    return t("is not valid YAML: “{problem}”", problem=printable(str(problem)[:120]))
