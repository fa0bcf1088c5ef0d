"""Docker Compose files read as Compose reads them, down to the services a dev container starts.

Several files merge in order (the rules of `compose_yaml`); every file is interpolated
first, from the environment and the `.env` of the project directory (the first file's folder),
where relative paths are resolved too (lexically, as Compose does: `./tmp/..` needs no `tmp`).
Each file's `include` entries are imported first, each one a project of its own (compose-go's
`loader/include.go`). The services started are `runServices` plus `service`
(or, without `runServices`, every service whose `profiles` are active), with their
`depends_on`. A service with `build` is built (and tagged with its `image`); one without is
pulled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from tui.i18n import _, t
from tui.record import field, record
from tui.workspace.compose_yaml import load_file, merge, normalise, strip_tags
from tui.workspace.files import (
    exists,
    lexical,
    missing_sentence,
    printable,
    read_text,
    unquote,
)
from tui.workspace.shellwords import expand

MAX_EXTENDS = 10
"""Deeper `extends` and `include` chains are not followed."""


@record
class ComposeService:
    """One service to start: its merged definition and where it came from."""

    name: str
    spec: dict
    source: str
    """The compose file (relative) that last defined it."""


@record
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
    unchecked: list[tuple[str, str]] = field(default_factory=list)
    """(source, sentence): files missing now that `initializeCommand` may create first."""

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
                 relative: Callable[[Path], str], prepared: bool = False,
                 referrer: str | None = None) -> ComposeProject:
    """Read, interpolate and merge `files` (in order), with what each one includes.

    `prepared`: the configuration has an `initializeCommand`, which runs on the host before
    Compose reads anything; a file it could create that is missing is then noted in
    `unchecked` instead of being a problem. `referrer`: the file that names `files` (the
    devcontainer.json), where a missing one is reported."""
    paths = [lexical(path) for path in files]
    project = ComposeProject(project_dir=paths[0].parent if paths else lexical(Path(".")))
    dotenv = read_dotenv(project.project_dir / ".env", environ)
    project.environ = {**dotenv, **environ}
    profiles = project.environ.get("COMPOSE_PROFILES", "")
    project.profiles = [p.strip() for p in profiles.split(",") if p.strip()]
    loader = _Loader(project, relative, prepared)
    merged, sources = loader.model(paths, project.project_dir, project.environ, (), 0, referrer)
    for name, spec in merged.items():
        project.services[name] = ComposeService(name, cast(dict, strip_tags(spec)), sources[name])
    return project


class _Loader:
    """Builds one project: files merged in order, each file's `include`s imported first."""

    def __init__(self, project: ComposeProject, relative: Callable[[Path], str],
                 prepared: bool) -> None:
        self.project, self.relative, self.prepared = project, relative, prepared

    def problem(self, source: str, sentence: str) -> None:
        self.project.problems.append((source, sentence))

    def missing(self, path: Path, source: str, thing: str) -> bool:
        """Whether `path` is missing: a problem, or (with `initializeCommand`) a note.
        `thing`: what the file is (`compose-file`, `env-file`: see `files.missing_sentence`)."""
        if exists(path):
            return False
        sentence = missing_sentence(thing, printable(self.relative(path))[:200], self.prepared)
        (self.project.unchecked if self.prepared else self.project.problems).append(
            (source, sentence))
        return True

    def model(self, files: list[Path], workdir: Path, environ: Mapping[str, str],
              chain: tuple[Path, ...], depth: int,
              referrer: str | None) -> tuple[dict[str, dict], dict[str, str]]:
        """The services of `files` merged as `-f a -f b` merges them, and the file that last
        defined each; relative paths are `workdir`'s. `referrer` names `files`."""
        merged: dict[str, dict] = {}
        sources: dict[str, str] = {}
        for path in files:
            source = self.relative(path)
            if self.missing(path, referrer or source, "compose-file"):
                continue
            data = load_file(path, source, environ, self.project.problems, self.project.unset)
            if data is None:
                continue
            own = self.own_services(data.get("services"), source)
            imported = self.include(data.get("include"), path, workdir, environ,
                                    (*chain, path), depth, own)
            everything = {name: spec for name, (spec, _origin) in imported.items()}
            everything.update(own)
            for name, (spec, origin) in imported.items():
                if name not in own:
                    merged[name] = cast(dict, merge(merged.get(name, {}), spec))
                    sources[name] = origin
            for name, spec in own.items():
                spec = normalise(self.extends(spec, name, everything, path, environ, 0))
                merged[name] = cast(dict, merge(merged.get(name, {}), spec))
                sources[name] = source
        return merged, sources

    def own_services(self, services: object, source: str) -> dict[str, dict]:
        if services is None:
            return {}
        if not isinstance(services, dict):
            self.problem(source, _("`services` is not a mapping"))
            return {}
        own: dict[str, dict] = {}
        for name, spec in services.items():
            if spec is None:
                spec = {}
            if not isinstance(spec, dict):
                self.problem(source, t("service `{service}` is not a mapping", service=name))
                continue
            own[str(name)] = spec
        return own

    def include(self, entries: object, path: Path, workdir: Path, environ: Mapping[str, str],
                chain: tuple[Path, ...], depth: int,
                own: dict[str, dict]) -> dict[str, tuple[dict, str]]:
        """The services `include` imports into the file at `path`, with their source, as
        compose-go's loader imports them: each entry is one project (its `path` files merged
        in order, later ones overriding), relative paths from its project directory; a
        service that the file or an earlier entry defines differently is a conflict."""
        if entries is None or depth >= MAX_EXTENDS:
            return {}
        source = self.relative(path)
        if not isinstance(entries, list):
            self.problem(source, _("`include` must be a list (of paths or of mappings with "
                                   "`path`)"))
            return {}
        seen = {name: normalise(spec) for name, spec in own.items()}
        imported: dict[str, tuple[dict, str]] = {}
        for entry in entries:
            project = self.entry(entry, source, workdir, environ, chain, depth)
            if project is None:
                continue
            services, sources, origin = project
            for name, spec in services.items():
                if name in seen and seen[name] != spec:
                    self.problem(source, t(
                        "service `{service}` is defined here and, differently, by the included "
                        "`{origin}`: Compose refuses it (`services.{service} conflicts with "
                        "imported resource`); to change an included service, list an override "
                        "file after it in the include's `path`", service=name, origin=origin))
                    continue
                seen[name] = spec
                imported[name] = (spec, sources[name])
        return imported

    def entry(self, entry: object, source: str, workdir: Path, environ: Mapping[str, str],
              chain: tuple[Path, ...],
              depth: int) -> tuple[dict[str, dict], dict[str, str], str] | None:
        """One `include` entry loaded: its services (build contexts made absolute), their
        sources and the entry's first file; None when it cannot be loaded."""
        if isinstance(entry, str):
            entry = {"path": entry}
        if not isinstance(entry, dict):
            self.problem(source, _("an `include` entry is neither a path nor a mapping"))
            return None
        written = entry.get("path")
        names = [written] if isinstance(written, str) else written
        if not isinstance(names, list) or not names or \
                not all(isinstance(n, str) and n.strip() for n in names):
            self.problem(source, _("an `include` entry has no `path` (a file or a list of "
                                   "files)"))
            return None
        if any("://" in n or n.startswith("git@") for n in names):
            return None  # a remote include (git, OCI): not in the workspace
        files = [lexical(workdir / n) for n in names]
        looped = next((f for f in files if f in chain), None)
        if looped is not None:
            self.problem(source, t("include cycle: `{path}` includes itself",
                                   path=self.relative(looped)))
            return None
        directory = entry.get("project_directory")
        project_dir = lexical(workdir / directory) if isinstance(directory, str) and \
            directory.strip() else files[0].parent
        values = self.env_files(entry.get("env_file"), source, workdir, project_dir, environ)
        services, sources = self.model(files, project_dir, {**values, **environ}, chain,
                                       depth + 1, source)
        services = {name: _rebase_build(normalise(spec), project_dir)
                    for name, spec in services.items()}
        return services, sources, self.relative(files[0])

    def env_files(self, written: object, source: str, workdir: Path, project_dir: Path,
                  environ: Mapping[str, str]) -> dict[str, str]:
        """The variables an include's `env_file` (default: its project directory's `.env`,
        if any) adds; the including project's environment still wins over them."""
        names = [written] if isinstance(written, str) else written
        if not isinstance(names, list) or not names:
            default = project_dir / ".env"
            return read_dotenv(default, environ) if default.is_file() else {}
        values: dict[str, str] = {}
        for name in names:
            if not isinstance(name, str):
                continue
            path = lexical(workdir / name)
            if not self.missing(path, source, "env-file"):
                values.update(read_dotenv(path, {**environ, **values}))
        return values

    def extends(self, spec: dict, name: str, services: dict, path: Path,
                environ: Mapping[str, str], depth: int) -> dict:
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
            base_path = lexical(path.parent / extends["file"])
            data = load_file(base_path, base_path.name, environ, self.project.problems,
                             self.project.unset) or {}
            found = data.get("services")
            base_services = found if isinstance(found, dict) else {}
            base_spec = base_services.get(base_name)
            if isinstance(base_spec, dict) and isinstance(base_spec.get("build"), (str, dict)):
                base_spec = _rebase_build(normalise(base_spec), base_path.parent)
                base_services = {**base_services, base_name: base_spec}
        base = base_services.get(base_name)
        if not isinstance(base, dict):
            self.problem(path.name, t("service `{service}` extends `{base}`, which is not "
                                      "defined", service=name, base=base_name))
            return spec
        base = self.extends(base, base_name, base_services, base_path, environ, depth + 1)
        own = {k: v for k, v in spec.items() if k != "extends"}
        return cast(dict, merge(normalise(base), normalise(own)))


def _rebase_build(spec: dict, base_dir: Path) -> dict:
    """`spec` with a relative build context made absolute from `base_dir` (lexically)."""
    build = spec.get("build")
    if not isinstance(build, dict):
        return spec
    build = dict(build)
    context = build.get("context", ".")
    if isinstance(context, str) and "://" not in context and not context.startswith("git@") \
            and not Path(context).is_absolute():
        build["context"] = str(lexical(base_dir / context))
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
