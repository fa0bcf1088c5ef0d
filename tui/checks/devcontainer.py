"""Find the dev container configuration and every image reference it makes the codespace pull.

Sources: `image`, `build.dockerfile` (its `FROM` lines, with `ARG` defaults and `build.args`),
`dockerComposeFile` (each service's `image`, or its Dockerfile's `FROM` lines) and the OCI
references among `features`. A file that cannot be read or parsed becomes a
DEVCONTAINER_INVALID finding, since it breaks the codespace build the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tui.catalogue import finding
from tui.checks.imageref import parse_image_ref
from tui.model import Finding, ImageRef

MAX_FILE_BYTES = 1024 * 1024
"""Larger configuration files are refused (no real one comes close)."""

CONFIG_TITLE = "devcontainer.json cannot be parsed"
DOCKERFILE_TITLE = "A Dockerfile of the dev container cannot be used"
COMPOSE_TITLE = "A Docker Compose file of the dev container cannot be used"

_JSON5_WHERE = r"^<string>:(\d+) (.*) at column (\d+)$"
_HEREDOC = r"<<-?\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\1"
_VARIABLE = (
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+?])(?P<word>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)


@cache
def _pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled on first use (a run without a devcontainer.json needs none)."""
    return re.compile(pattern, flags)

_BUILTIN_PLATFORM_ARGS = frozenset(
    {"BUILDPLATFORM", "TARGETPLATFORM", "BUILDOS", "BUILDARCH", "TARGETOS", "TARGETARCH",
     "TARGETVARIANT", "BUILDVARIANT"}
)


@dataclass
class ScanResult:
    """What the workspace's dev container configuration names."""

    configs: list[str] = field(default_factory=list)
    """devcontainer.json files found, relative to the workspace (the first is the one used)."""
    images: list[ImageRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)

    def add_image(self, image: ImageRef) -> None:
        """Keep `image` unless the same reference was already found (the first source wins)."""
        key = (image.host.lower(), image.repository, image.reference)
        if key not in self._seen:
            self._seen.add(key)
            self.images.append(image)

    def problem(self, title: str, source: str, what: str, fix: str | None = None) -> None:
        """Record a DEVCONTAINER_INVALID finding about `source`."""
        self.findings.append(
            finding("DEVCONTAINER_INVALID", f"`{source}`: {what}", fix, title=title)
        )


def find_configs(workspace: Path) -> list[Path]:
    """The devcontainer.json files of `workspace`, in the order Codespaces prefers them."""
    candidates = [
        workspace / ".devcontainer" / "devcontainer.json",
        workspace / ".devcontainer.json",
    ]
    found = [path for path in candidates if _exists(path)]
    folder = workspace / ".devcontainer"
    try:
        nested = sorted(folder.glob("*/devcontainer.json")) if folder.is_dir() else []
    except OSError:
        nested = []
    return found + [path for path in nested if _exists(path)]


def scan_workspace(workspace: Path, environ: Mapping[str, str] | None = None) -> ScanResult:
    """Read every devcontainer.json of `workspace` and collect the images they name."""
    result = ScanResult()
    for config in find_configs(workspace):
        result.configs.append(_relative(config, workspace))
        _scan_config(config, workspace, dict(environ or {}), result)
    return result


def parse_dockerfile(
    text: str, source: str, build_args: Mapping[str, str] | None = None
) -> tuple[list[ImageRef], list[str]]:
    """The images a Dockerfile's FROM lines pull, and the problems found (as sentences)."""
    images: list[ImageRef] = []
    problems: list[str] = []
    overrides = dict(build_args or {})
    global_args: dict[str, str] = {}
    stages: set[str] = set()
    seen_from = False
    for number, instruction, rest in _instructions(text):
        if instruction == "ARG" and not seen_from:
            for name, default in _arg_declarations(rest):
                if name in overrides:
                    global_args[name] = overrides[name]
                else:
                    global_args[name] = substitute(default or "", global_args)[0]
        elif instruction == "FROM":
            seen_from = True
            image = _from_line(number, rest, source, global_args, stages, problems)
            if image is not None:
                images.append(image)
    if not seen_from:
        problems.append("no FROM line: the Dockerfile names no base image")
    return images, problems


def substitute(
    text: str, values: Mapping[str, str], *, keep: Callable[[str], bool] | None = None,
    escape: str = "\\"
) -> tuple[str, list[str]]:
    """`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` replaced; returns text and unset names.

    Names for which `keep(name)` is true and that are unset stay as written. `escape` + `$`
    (Dockerfile `\\$`, Compose `$$`) is a literal dollar.
    """
    unset: list[str] = []

    def one(match: re.Match[str]) -> str:
        name = match.group("braced") or match.group("plain")
        op, word = match.group("op"), match.group("word") or ""
        present = name in values
        value = values.get(name, "")
        if op in (":-", "-"):
            use_default = not value if op == ":-" else not present
            return word if use_default else value
        if op in (":+", "+"):
            use_alt = bool(value) if op == ":+" else present
            return word if use_alt else ""
        if op in (":?", "?") and not (value if op == ":?" else present):
            unset.append(name)
            return ""
        if not present:
            if keep is not None and keep(name):
                return match.group(0)
            unset.append(name)
        return value

    pieces = text.split(escape + "$")
    return "$".join(_pattern(_VARIABLE).sub(one, piece) for piece in pieces), unset


# --- devcontainer.json ------------------------------------------------------------------------


_LOCAL_ENV = r"\$\{localEnv:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}"


def expand_local_env(data: object, environ: Mapping[str, str]) -> object:
    """`${localEnv:NAME}` and `${localEnv:NAME:default}` replaced in every string value, as
    the Dev Containers tools do (an unset variable without a default becomes empty)."""
    if isinstance(data, str):
        def value(match: re.Match[str]) -> str:
            return environ.get(match.group(1)) or (match.group(2) or "")

        return _pattern(_LOCAL_ENV).sub(value, data)
    if isinstance(data, dict):
        return {key: expand_local_env(value, environ) for key, value in data.items()}
    if isinstance(data, list):
        return [expand_local_env(item, environ) for item in data]
    return data


def _scan_config(config: Path, workspace: Path, environ: dict[str, str], out: ScanResult) -> None:
    source = _relative(config, workspace)
    text, error = _read_text(config)
    if error is not None:
        out.problem(CONFIG_TITLE, source, error)
        return
    data, error = _parse_json5(text)
    if error is not None:
        out.problem(CONFIG_TITLE, source, error)
        return
    if not isinstance(data, dict):
        out.problem(CONFIG_TITLE, source, f"the top level is a {_kind(data)}, not an object")
        return
    data = expand_local_env(data, environ)
    folder = config.parent
    names_image = False
    if "image" in data:
        names_image = True
        _add_ref(out, data["image"], source, "image", CONFIG_TITLE, "`image`")
    build = data.get("build")
    if build is not None and not isinstance(build, dict):
        names_image = True  # it means to; saying "names no image" as well would be noise
        out.problem(CONFIG_TITLE, source, f"`build` is a {_kind(build)}, not an object")
    elif isinstance(build, dict) and ("dockerfile" in build or "dockerFile" in build):
        names_image = True
        _scan_build(build, folder, workspace, source, out)
    elif "dockerFile" in data:  # the older top-level form
        names_image = True
        _scan_build(data, folder, workspace, source, out)
    compose = data.get("dockerComposeFile")
    if compose is not None:
        names_image = True
        _scan_compose(data, folder, workspace, environ, source, out)
    if not names_image:
        out.problem(
            CONFIG_TITLE, source,
            "names no image: none of `image`, `build.dockerfile` or `dockerComposeFile` is set",
        )
    _scan_features(data.get("features"), source, out)


def _scan_build(
    build: dict, folder: Path, workspace: Path, source: str, out: ScanResult
) -> None:
    dockerfile = build.get("dockerfile", build.get("dockerFile"))
    if not isinstance(dockerfile, str) or not dockerfile.strip():
        out.problem(CONFIG_TITLE, source, "`build.dockerfile` is not a file name")
        return
    args = build.get("args") or {}
    if not isinstance(args, dict):
        out.problem(CONFIG_TITLE, source, "`build.args` is not an object")
        args = {}
    _scan_dockerfile(folder / dockerfile, workspace, _string_map(args), out)


def _scan_dockerfile(
    path: Path, workspace: Path, build_args: dict[str, str], out: ScanResult
) -> None:
    source = _relative(path, workspace)
    text, error = _read_text(path)
    if error is not None:
        out.problem(DOCKERFILE_TITLE, source, error)
        return
    images, problems = parse_dockerfile(text, source, build_args)
    for image in images:
        out.add_image(image)
    for problem in problems:
        out.problem(DOCKERFILE_TITLE, source, problem,
                    "Fix the Dockerfile: Codespaces builds the dev container from it.")


def _scan_features(features: object, source: str, out: ScanResult) -> None:
    if features is None:
        return
    if not isinstance(features, dict):
        out.problem(CONFIG_TITLE, source, f"`features` is a {_kind(features)}, not an object")
        return
    for key in features:
        if not isinstance(key, str) or not _is_oci_feature(key):
            continue
        _add_ref(out, key, source, "feature", CONFIG_TITLE, "feature")


def _is_oci_feature(key: str) -> bool:
    """OCI feature ids look like `registry/namespace/id[:version]`; skip paths and URLs."""
    text = key.strip()
    if text.startswith((".", "/")) or "://" in text or "/" not in text:
        return False
    first = text.split("/", 1)[0]
    return "." in first or ":" in first or first == "localhost"


# --- Docker Compose ---------------------------------------------------------------------------


def _scan_compose(
    data: dict, folder: Path, workspace: Path, environ: dict[str, str], source: str,
    out: ScanResult,
) -> None:
    files = data["dockerComposeFile"]
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) and f.strip() for f in files):
        out.problem(
            CONFIG_TITLE, source, "`dockerComposeFile` is not a file name or a list of them"
        )
        return
    services: dict[str, dict] = {}
    origin: dict[tuple[str, str], Path] = {}
    for name in files:
        path = folder / name
        for service, spec in _compose_services(path, workspace, out).items():
            merged = services.setdefault(service, {})
            merged.update(spec)
            for key in ("image", "build"):
                if key in spec:
                    origin[(service, key)] = path
    if files:
        environ = {**_dotenv(folder / files[0]), **environ}  # compose reads the project's .env
    for service in _wanted_services(data, services):
        spec = services[service]
        if "build" in spec:
            _scan_compose_build(spec, origin[(service, "build")], workspace, environ, out)
        elif "image" in spec:
            _compose_image(service, spec, origin[(service, "image")], workspace, environ, out)


def _compose_image(
    service: str, spec: dict, path: Path, workspace: Path, environ: dict[str, str],
    out: ScanResult,
) -> None:
    rel = _relative(path, workspace)
    value = spec["image"]
    what = f"service `{service}`: `image`"
    if isinstance(value, str):
        value, unset = substitute(value, environ, escape="$")
        if unset:
            what += f" (unset variable(s) {', '.join(sorted(set(unset)))})"
    platform = spec.get("platform") if isinstance(spec.get("platform"), str) else None
    _add_ref(out, value, rel, "compose", COMPOSE_TITLE, what, platform)


def _dotenv(compose_file: Path) -> dict[str, str]:
    """`KEY=VALUE` lines of the `.env` beside the first compose file (Compose's defaults)."""
    text, error = _read_text(compose_file.parent / ".env")
    if error is not None:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export "):].strip()
        name, eq, value = line.partition("=")
        if eq and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name.strip()):
            values[name.strip()] = _unquote(value.strip())
    return values


def _wanted_services(data: dict, services: dict[str, dict]) -> list[str]:
    run = data.get("runServices")
    if not isinstance(run, list) or not run:
        return sorted(services)
    names = [s for s in run if isinstance(s, str)]
    main = data.get("service")
    if isinstance(main, str):
        names.append(main)
    return [name for name in sorted(services) if name in names]


def _compose_services(path: Path, workspace: Path, out: ScanResult) -> dict[str, dict]:
    source = _relative(path, workspace)
    text, error = _read_text(path)
    if error is not None:
        out.problem(COMPOSE_TITLE, source, error)
        return {}
    try:
        import yaml

        data = yaml.safe_load(text)
    except Exception as exc:  # any YAML fault is the user's file, not ours
        out.problem(COMPOSE_TITLE, source, _yaml_error(exc))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        out.problem(COMPOSE_TITLE, source, f"the top level is a {_kind(data)}, not a mapping")
        return {}
    services = data.get("services", {})
    if services is None:
        return {}
    if not isinstance(services, dict):
        out.problem(COMPOSE_TITLE, source, "`services` is not a mapping")
        return {}
    good: dict[str, dict] = {}
    for name, spec in services.items():
        if isinstance(spec, dict):
            good[str(name)] = spec
        elif spec is not None:
            out.problem(COMPOSE_TITLE, source, f"service `{name}` is not a mapping")
    return good


def _scan_compose_build(
    spec: dict, compose_file: Path, workspace: Path, environ: dict[str, str], out: ScanResult
) -> None:
    build = spec["build"]
    source = _relative(compose_file, workspace)
    if isinstance(build, str):
        build = {"context": build}
    if not isinstance(build, dict):
        out.problem(COMPOSE_TITLE, source, "a service's `build` is not a path or a mapping")
        return
    context = build.get("context", ".")
    dockerfile = build.get("dockerfile", "Dockerfile")
    if not isinstance(context, str) or not isinstance(dockerfile, str):
        out.problem(COMPOSE_TITLE, source, "`build.context` and `build.dockerfile` must be paths")
        return
    context = substitute(context, environ, escape="$")[0]
    if "://" in context:
        return  # a remote build context: its Dockerfile is not in the workspace
    args = build.get("args") or {}
    if isinstance(args, list):
        args = dict(item.split("=", 1) for item in map(str, args) if "=" in item)
    if not isinstance(args, dict):
        args = {}
    base = compose_file.parent / context
    _scan_dockerfile(base / dockerfile, workspace, _string_map(args), out)


# --- Dockerfile -------------------------------------------------------------------------------


def _instructions(text: str) -> list[tuple[int, str, str]]:
    """(line number, INSTRUCTION, arguments) of each logical line, continuations joined."""
    lines = text.splitlines()
    escape = "\\"
    for line in lines:
        directive = re.match(r"#\s*escape\s*=\s*(\S)\s*$", line.strip(), re.IGNORECASE)
        if directive:
            escape = directive.group(1)
            break
        if not line.strip().startswith("#") or not re.match(r"#\s*\w+\s*=", line.strip()):
            break
    result: list[tuple[int, str, str]] = []
    index = 0
    while index < len(lines):
        first = 0
        parts: list[str] = []
        while index < len(lines):
            stripped = lines[index].strip()
            index += 1
            if stripped.startswith("#") or not stripped:
                continue
            first = first or index
            if stripped.endswith(escape):
                parts.append(stripped[:-1])
                continue
            parts.append(stripped)
            break
        logical = " ".join(p for p in parts if p).strip()
        if not logical:
            continue
        word, _, rest = logical.partition(" ")
        instruction = word.upper()
        result.append((first, instruction, rest.strip()))
        if instruction in ("RUN", "COPY", "ADD"):
            for heredoc in _pattern(_HEREDOC).finditer(rest):
                index = _skip_heredoc(lines, index, heredoc.group(2), "<<-" in heredoc.group(0))
    return result


def _skip_heredoc(lines: list[str], index: int, delimiter: str, strip_tabs: bool) -> int:
    while index < len(lines):
        line = lines[index].lstrip("\t") if strip_tabs else lines[index]
        index += 1
        if line.rstrip() == delimiter:
            break
    return index


def _arg_declarations(rest: str) -> list[tuple[str, str | None]]:
    declared: list[tuple[str, str | None]] = []
    for token in _split_words(rest):
        name, eq, default = token.partition("=")
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            declared.append((name, _unquote(default) if eq else None))
    return declared


def _from_line(
    number: int, rest: str, source: str, args: dict[str, str], stages: set[str],
    problems: list[str],
) -> ImageRef | None:
    words = _split_words(rest)
    platform: str | None = None
    while words and words[0].startswith("--"):
        flag = words.pop(0)
        if flag.lower().startswith("--platform="):
            keep = _BUILTIN_PLATFORM_ARGS.__contains__
            platform = substitute(_unquote(flag.split("=", 1)[1]), args, keep=keep)[0] or None
    if not words:
        problems.append(f"line {number}: FROM names no image")
        return None
    written = words[0]
    if len(words) >= 3 and words[1].lower() == "as":
        stages.add(words[2].lower())
    elif len(words) > 1:
        problems.append(f"line {number}: FROM has unexpected words after the image: "
                        f"`{' '.join(words[1:])[:80]}` (expected `AS name`)")
    value, unset = substitute(written, args)
    if not value.strip():
        names = ", ".join(sorted(set(unset))) or written
        problems.append(
            f"line {number}: `FROM {written[:80]}` is empty after substitution: declare "
            f"`ARG {names}=<image>` before the first FROM or set it in `build.args`"
        )
        return None
    if value.lower() in stages:
        return None
    if value.lower() == "scratch":
        return None
    try:
        return parse_image_ref(value, source, role="dockerfile", platform=platform)
    except ValueError as exc:
        problems.append(f"line {number}: `FROM {value[:120]}` is not an image reference: {exc}")
        return None


def _split_words(text: str) -> list[str]:
    """Whitespace-separated words, keeping quoted parts together."""
    return re.findall(r"(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)+", text)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


# --- shared helpers ---------------------------------------------------------------------------


def _add_ref(
    out: ScanResult, value: object, source: str, role: str, title: str, what: str,
    platform: str | None = None,
) -> None:
    if not isinstance(value, str):
        out.problem(title, source, f"{what} is a {_kind(value)}, not a string")
        return
    try:
        out.add_image(parse_image_ref(value, source, role=role, platform=platform))
    except ValueError as exc:
        shown = value.strip()[:120]
        out.problem(title, source, f"{what} `{shown}` is not an image reference: {exc}")


def _read_text(path: Path) -> tuple[str, str | None]:
    """The file's text (undecodable bytes replaced), or an error sentence."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "", "the file does not exist"
    except IsADirectoryError:
        return "", "is a directory, not a file"
    except OSError as exc:
        return "", f"cannot be read ({exc.strerror or type(exc).__name__})"
    if len(raw) > MAX_FILE_BYTES:
        return "", f"is larger than {MAX_FILE_BYTES // 1024} KiB"
    if b"\x00" in raw:
        return "", "is not a text file (it contains NUL bytes)"
    return raw.decode("utf-8-sig", errors="replace"), None


def _parse_json5(text: str) -> tuple[object, str | None]:
    try:
        import json5

        return json5.loads(text), None
    except RecursionError:
        return None, "is nested too deeply to be read"
    except Exception as exc:  # json5 raises ValueError, but any fault is the file's
        message = str(exc).strip()
        where = _pattern(_JSON5_WHERE, re.DOTALL).match(message)
        if where:
            line, problem, column = where.groups()
            return None, f"line {line}, column {column}: {_printable(problem[:120])}"
        return None, f"is not JSON with comments: {_printable(message[:160])}"


def _yaml_error(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    lines = str(exc).splitlines()
    problem = getattr(exc, "problem", None) or (lines[0] if lines else type(exc).__name__)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {_printable(str(problem)[:120])}"
    return f"is not valid YAML: {_printable(str(problem)[:120])}"


def _printable(text: str) -> str:
    """Control characters written as escapes (`\\n`), so a message stays on one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _string_map(values: dict) -> dict[str, str]:
    return {str(k): "" if v is None else str(v) for k, v in values.items()}


def _kind(value: object) -> str:
    return {
        dict: "object", list: "list", str: "string", bool: "boolean", int: "number",
        float: "number", type(None): "null",
    }.get(type(value), type(value).__name__)


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def _relative(path: Path, workspace: Path) -> str:
    try:
        return Path(os.path.relpath(path, workspace)).as_posix()
    except ValueError:
        return path.as_posix()
