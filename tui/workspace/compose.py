"""Docker Compose files read as Compose reads them, down to the services a dev container starts.

Several files merge in order (mappings merge, sequences append, `command` / `entrypoint` /
`healthcheck.test` replace, `!reset` removes, `!override` replaces); every file is interpolated
first, from the environment and the `.env` of the project directory (the first file's folder),
where relative paths are resolved too. The services started are `runServices` plus `service`
(or, without `runServices`, every service whose `profiles` are active), with their
`depends_on`. A service with `build` is built (and tagged with its `image`); one without is
pulled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tui.workspace.files import printable, read_text, unquote
from tui.workspace.shellwords import expand

REPLACED_SEQUENCES = frozenset({"command", "entrypoint"})
MAX_EXTENDS = 10
MAX_DEPTH = 64
MAX_NODES = 100_000
"""Deeper YAML is refused (a guard against stack exhaustion; no real file comes close)."""


class _Reset:
    """A `!reset` value: removes what earlier files set."""


@dataclass
class _Override:
    """A `!override` value: replaces what earlier files set, without merging."""

    value: object


@dataclass
class ComposeService:
    """One service to start: its merged definition and where it came from."""

    name: str
    spec: dict
    source: str
    """The compose file (relative) that last defined it."""


@dataclass
class ComposeProject:
    """The merged model of the compose files and the services `up` starts."""

    project_dir: Path
    services: dict[str, ComposeService] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)
    """What interpolation used: the process environment over the project's `.env`."""
    profiles: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(source, sentence)."""
    unset: dict[str, list[str]] = field(default_factory=dict)
    """Interpolated values that used unset variables (Compose makes them empty): the names."""

    def started(self, main: str | None, run_services: list[str] | None) -> list[str]:
        """The services `up` starts for the dev container, dependencies included, in file order."""
        wanted: list[str]
        if run_services:
            wanted = [*run_services, *([main] if main and main not in run_services else [])]
        else:
            wanted = [name for name, svc in self.services.items() if self._active(svc.spec)]
            if main and main not in wanted:
                wanted.append(main)
        started: set[str] = set()
        pending = [name for name in wanted if name in self.services]
        while pending:
            name = pending.pop()
            if name in started:
                continue
            started.add(name)
            pending.extend(d for d in _depends_on(self.services[name].spec) if d in self.services)
        return [name for name in self.services if name in started]

    def _active(self, spec: dict) -> bool:
        profiles = spec.get("profiles")
        if not isinstance(profiles, list) or not profiles:
            return True
        return "*" in self.profiles or any(str(p) in self.profiles for p in profiles)


def load_project(files: list[Path], environ: Mapping[str, str],
                 relative: Callable[[Path], str]) -> ComposeProject:
    """Read, interpolate and merge `files` (in order)."""
    project = ComposeProject(project_dir=files[0].parent if files else Path("."))
    dotenv = read_dotenv(project.project_dir / ".env", environ)
    project.environ = {**dotenv, **environ}
    profiles = project.environ.get("COMPOSE_PROFILES", "")
    project.profiles = [p.strip() for p in profiles.split(",") if p.strip()]
    merged: dict[str, dict] = {}
    sources: dict[str, str] = {}
    for path in files:
        source = relative(path)
        data = _load_file(path, source, project)
        if data is None:
            continue
        _include(data.get("include"), path, project, merged, sources, relative, 0)
        services = data.get("services")
        if services is None:
            continue
        if not isinstance(services, dict):
            project.problems.append((source, "`services` is not a mapping"))
            continue
        for name, spec in services.items():
            name = str(name)
            if spec is None:
                spec = {}
            if not isinstance(spec, dict):
                project.problems.append((source, f"service `{name}` is not a mapping"))
                continue
            spec = _normalise(_extends(spec, name, services, path, project, 0))
            merged[name] = cast(dict, _merge(merged.get(name, {}), spec))
            sources[name] = source
    for name, spec in merged.items():
        project.services[name] = ComposeService(name, cast(dict, _strip_tags(spec)),
                                                sources[name])
    return project


def _include(entries: object, path: Path, project: ComposeProject, merged: dict[str, dict],
             sources: dict[str, str], relative: Callable[[Path], str], depth: int) -> None:
    """Services of the files `include` names, each read as its own project (relative paths
    from its own folder); a service defined twice is a conflict Compose refuses."""
    if entries is None or depth >= MAX_EXTENDS:
        return
    if not isinstance(entries, list):
        project.problems.append((relative(path), "`include` is not a list"))
        return
    for entry in entries:
        written = entry.get("path") if isinstance(entry, dict) else entry
        names = written if isinstance(written, list) else [written]
        for name in names:
            if not isinstance(name, str) or "://" in name:
                continue
            included = path.parent / name
            source = relative(included)
            data = _load_file(included, source, project)
            if data is None:
                continue
            _include(data.get("include"), included, project, merged, sources, relative,
                     depth + 1)
            services = data.get("services")
            if not isinstance(services, dict):
                continue
            for service, spec in services.items():
                if not isinstance(spec, dict):
                    continue
                spec = _normalise(spec)
                if isinstance(spec.get("build"), dict):
                    spec = _rebase_build(spec, included.parent, project.project_dir)
                if str(service) in merged:
                    project.problems.append((source, f"service `{service}` is also defined "
                                                     "by the including file"))
                merged[str(service)] = spec
                sources[str(service)] = source


def _load_file(path: Path, source: str, project: ComposeProject) -> dict | None:
    text, error = read_text(path)
    if error is not None:
        project.problems.append((source, error))
        return None
    try:
        data = _yaml_load(text)
    except RecursionError:
        project.problems.append((source, "is nested too deeply to be read"))
        return None
    except Exception as exc:  # any YAML fault is the user's file, not ours
        project.problems.append((source, yaml_error(exc)))
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        project.problems.append((source, f"the top level is a {type(data).__name__}, "
                                         "not a mapping"))
        return None
    if _too_deep(data):
        project.problems.append((source, f"is nested more than {MAX_DEPTH} levels deep or "
                                         "expands to too many values (YAML aliases)"))
        return None
    return cast(dict, _interpolate(data, project.environ, source, project))


def _too_deep(data: object) -> bool:
    """Whether `data` nests deeper than MAX_DEPTH or holds more than MAX_NODES values once its
    aliases are followed (a self-referencing alias counts as endlessly deep)."""
    pending: list[tuple[object, int]] = [(data, 0)]
    visited = 0
    while pending:
        value, depth = pending.pop()
        if isinstance(value, _Override):
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

    def reset(loader: yaml.SafeLoader, node: yaml.Node) -> _Reset:
        return _Reset()

    def override(loader: yaml.SafeLoader, node: yaml.Node) -> _Override:
        if isinstance(node, yaml.MappingNode):
            return _Override(loader.construct_mapping(node, deep=True))
        if isinstance(node, yaml.SequenceNode):
            return _Override(loader.construct_sequence(node, deep=True))
        return _Override(loader.construct_scalar(cast(yaml.ScalarNode, node)))

    Loader.add_constructor("!reset", reset)
    Loader.add_constructor("!override", override)
    return yaml.load(text, Loader=Loader)  # a SafeLoader subclass


def _interpolate(value: object, environ: Mapping[str, str], source: str,
                 project: ComposeProject) -> object:
    if isinstance(value, str):
        result = expand(value, environ, escape="", dollar_escape=True)
        for error in result.errors:
            project.problems.append((source, f"a required variable is not set: {error[:120]}"))
        if result.unset:
            project.unset.setdefault(result.text, []).extend(result.unset)
        return result.text
    if isinstance(value, dict):
        return {key: _interpolate(item, environ, source, project) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, environ, source, project) for item in value]
    if isinstance(value, _Override):
        return _Override(_interpolate(value.value, environ, source, project))
    return value


def _normalise(spec: dict) -> dict:
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


def _merge(base: object, override: object, key: str = "") -> object:
    if isinstance(override, _Reset):
        return _Reset()
    if isinstance(override, _Override):
        return override.value
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            if name in merged:
                merged[name] = _merge(merged[name], value, str(name))
            else:
                merged[name] = value
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in REPLACED_SEQUENCES \
            and key != "test":
        return base + [item for item in override if item not in base]
    return override


def _strip_tags(value: object) -> object:
    if isinstance(value, dict):
        return {k: _strip_tags(v) for k, v in value.items() if not isinstance(v, _Reset)}
    if isinstance(value, list):
        return [_strip_tags(v) for v in value if not isinstance(v, _Reset)]
    if isinstance(value, _Override):
        return _strip_tags(value.value)
    return value


def _extends(spec: dict, name: str, services: dict, path: Path, project: ComposeProject,
             depth: int) -> dict:
    """`spec` with its `extends` (same file or another) merged underneath."""
    extends = spec.get("extends")
    if extends is None or depth >= MAX_EXTENDS:
        return spec
    if isinstance(extends, str):
        extends = {"service": extends}
    if not isinstance(extends, dict) or not isinstance(extends.get("service"), str):
        return spec
    base_name = extends["service"]
    base_services = services
    base_path = path
    if isinstance(extends.get("file"), str):
        base_path = path.parent / extends["file"]
        data = _load_file(base_path, base_path.name, project) or {}
        found = data.get("services")
        base_services = found if isinstance(found, dict) else {}
        base_spec = base_services.get(base_name)
        if isinstance(base_spec, dict) and isinstance(base_spec.get("build"), (str, dict)):
            base_spec = _rebase_build(_normalise(base_spec), base_path.parent, path.parent)
            base_services = {**base_services, base_name: base_spec}
    base = base_services.get(base_name)
    if not isinstance(base, dict):
        project.problems.append((path.name, f"service `{name}` extends `{base_name}`, "
                                            "which is not defined"))
        return spec
    base = _extends(base, base_name, base_services, base_path, project, depth + 1)
    own = {k: v for k, v in spec.items() if k != "extends"}
    return cast(dict, _merge(_normalise(base), _normalise(own)))


def _rebase_build(spec: dict, base_dir: Path, project_dir: Path) -> dict:
    build = dict(spec["build"])
    context = build.get("context", ".")
    if isinstance(context, str) and "://" not in context and not Path(context).is_absolute():
        build["context"] = str(base_dir / context)
    return {**spec, "build": build}


def _depends_on(spec: dict) -> list[str]:
    """The services `spec` needs started: `depends_on`, `links`, `volumes_from` and
    `network_mode` / `ipc` / `pid` of the form `service:NAME`."""
    names: list[str] = []
    depends = spec.get("depends_on")
    if isinstance(depends, (dict, list)):
        names.extend(str(d) for d in depends)
    for key in ("links", "volumes_from"):
        if isinstance(spec.get(key), list):
            names.extend(str(item).split(":", 1)[0] for item in spec[key]
                         if not str(item).startswith("container:"))
    for key in ("network_mode", "ipc", "pid"):
        value = spec.get(key)
        if isinstance(value, str) and value.startswith("service:"):
            names.append(value.split(":", 1)[1])
    return names


def read_dotenv(path: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """`KEY=VALUE` lines of a Compose `.env` (quotes, `export`, `#` comments, `${VAR}`)."""
    text, error = read_text(path)
    if error is not None:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].strip()
        name, eq, value = line.partition("=")
        name = name.strip()
        if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
            continue
        value = value.strip()
        if value[:1] == "'":
            values[name] = unquote(value.split("'", 2)[1] if value.count("'") >= 2 else value)
            continue
        if value[:1] == '"':
            inner = value[1:].split('"', 1)[0] if value.count('"') >= 2 else value[1:]
            value = inner
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        values[name] = expand(value, {**values, **environ}, escape="",
                              dollar_escape=True).text
    return values


def yaml_error(exc: Exception) -> str:
    """A one-line sentence for a YAML parse error, with its line and column."""
    mark = getattr(exc, "problem_mark", None)
    lines = str(exc).splitlines()
    problem = getattr(exc, "problem", None) or (lines[0] if lines else type(exc).__name__)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {printable(str(problem)[:120])}"
    return f"is not valid YAML: {printable(str(problem)[:120])}"
