"""The image sources of one devcontainer.json, read as the dev containers CLI builds them: a
Dockerfile build (`build.dockerfile` / `dockerFile`), an `image`, or compose services.

Paths are resolved lexically, as the CLI (`path.resolve`) and Compose (`filepath.Join`) do:
`context: ./tmp` with `dockerfile: ../Dockerfile` is the Dockerfile beside the compose file
whether or not `tmp` exists. A file or folder that is missing is an error, unless the
configuration has an `initializeCommand` (run on the host before anything is read or built,
it may create it): then it is a DEVCONTAINER_UNCHECKED warning naming what was not checked.
"""

from __future__ import annotations

from pathlib import Path

from tui.i18n import N_, _, t
from tui.lazy_pattern import LazyPattern
from tui.workspace.files import (
    exists,
    kind,
    lexical,
    missing_sentence,
    printable,
    read_text,
    relative,
    string_map,
)
from tui.workspace.imageref import parse_image_ref

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.workspace.compose import ComposeProject, ComposeService
    from tui.workspace.devcontainer import ConfigSource, ScanResult

CONFIG_TITLE = N_("devcontainer.json cannot be parsed")
DOCKERFILE_TITLE = N_("A Dockerfile of the dev container cannot be used")
COMPOSE_TITLE = N_("A Docker Compose file of the dev container cannot be used")
"""Titles (message ids: `ScanResult.problem` translates them)."""

VARIABLE = LazyPattern(r"\$\{(.*?)\}")
_UNRESOLVED = {
    "templateOption": N_("a Dev Container Template option, replaced only when the Template is "
                         "applied (`devcontainer templates apply`): this file is a Template, "
                         "not a configuration"),
    "containerEnv": N_("a variable of the running container, unknown before it exists"),
    "containerWorkspaceFolder": N_("a path inside the container, unknown before it exists"),
    "devcontainerId": N_("an id the CLI computes for the container, not an image part"),
}


class SourceReader:
    """Reads the image source of one devcontainer.json into a ScanResult."""

    def __init__(self, path: Path, workspace: Path, environ: dict[str, str], out: ScanResult,
                 info: ConfigSource) -> None:
        self.path, self.workspace, self.environ, self.out = path, workspace, environ, out
        self.source = relative(path, workspace)
        self.info = info
        self.prepared = False
        """Whether the configuration has an `initializeCommand` (set once it is read)."""

    def rel(self, path: Path) -> str:
        return relative(path, self.workspace)

    def missing(self, path: Path, source: str, thing: str, service: str = "") -> bool:
        """Whether `path` does not exist: an error, or with `initializeCommand` a warning that
        says what could not be checked (`thing`: see `files.missing_sentence`)."""
        if exists(path):
            return False
        sentence = missing_sentence(thing, printable(self.rel(path))[:200], self.prepared,
                                    service)
        if self.prepared:
            self.out.unchecked(source, sentence)
        else:
            self.out.problem(DOCKERFILE_TITLE if thing == "dockerfile" else COMPOSE_TITLE,
                             source, sentence)
        return True

    def image(self, value: object) -> None:
        self.info.detail = value if isinstance(value, str) else ""
        self.add_ref(value, self.source, "image", CONFIG_TITLE, "`image`")

    def dockerfile(self, data: dict) -> None:
        build: dict = data["build"] if isinstance(data.get("build"), dict) else {}
        written = data["dockerFile"] if "dockerFile" in data else build.get("dockerfile")
        if not isinstance(written, str) or not written.strip():
            self.out.problem(CONFIG_TITLE, self.source, _("`build.dockerfile` is not a file name"))
            return
        args = build.get("args") or {}
        if not isinstance(args, dict):
            self.out.problem(CONFIG_TITLE, self.source, _("`build.args` is not an object"))
            args = {}
        args = string_map(args)
        target = build.get("target")
        target = target if isinstance(target, str) and target.strip() else None
        options = build.get("options")
        if isinstance(options, list):  # `docker build` options: --build-arg and --target
            target = _build_options([str(o) for o in options], args) or target
        path = lexical(self.path.parent / written)
        context = data.get("context") if "dockerFile" in data else build.get("context")
        if isinstance(context, str) and context.strip() and "://" not in context:
            self.missing(lexical(self.path.parent / context), self.source, "context")
        self.read_dockerfile(path, args, target, None)
        self.info.detail = (t("{path}, target {target}", path=self.rel(path), target=target)
                            if target else self.rel(path))

    def read_dockerfile(self, path: Path, args: dict[str, str], target: str | None,
                        inline: str | None, by: str | None = None) -> None:
        source = self.rel(path) if inline is None else f"{self.rel(path)} (dockerfile_inline)"
        if inline is None:
            if self.missing(path, by or self.source, "dockerfile"):
                return
            text, error = read_text(path)
            if error is not None:
                self.out.problem(DOCKERFILE_TITLE, source, error)
                return
        else:
            text = inline
        from tui.workspace.dockerfile import read_dockerfile  # only a build reads a Dockerfile

        result = read_dockerfile(text, source, args, target)
        for image in result.images:
            self.out.add_image(image)
        for problem in result.problems:
            self.out.problem(DOCKERFILE_TITLE, source, problem,
                             _("Fix the Dockerfile: Codespaces builds the dev container from "
                               "it."))

    def compose(self, data: dict) -> None:
        from tui.workspace.compose import load_project

        files = data["dockerComposeFile"]
        if isinstance(files, str):
            files = [files]
        if not isinstance(files, list) or not files or \
                not all(isinstance(f, str) and f.strip() for f in files):
            self.out.problem(CONFIG_TITLE, self.source,
                             _("`dockerComposeFile` is not a file name or a list of them"))
            return
        paths = [lexical(self.path.parent / name) for name in files]
        project = load_project(paths, self.environ, self.rel, self.prepared, self.source)
        for source, problem in project.problems:
            self.out.problem(COMPOSE_TITLE, source, problem)
        for source, what in project.unchecked:
            self.out.unchecked(source, what)
        main = data.get("service") if isinstance(data.get("service"), str) else None
        run = data.get("runServices")
        run = [s for s in run if isinstance(s, str)] if isinstance(run, list) else None
        if main is None:
            self.out.problem(CONFIG_TITLE, self.source,
                             _("`service` is not set: the CLI needs the compose service to "
                               "open"))
        elif project.services and main not in project.services and not project.unchecked:
            self.out.problem(COMPOSE_TITLE, self.rel(paths[0]),
                             t("the service `{service}` that devcontainer.json names is not "
                               "defined", service=main))
        started = project.started(main, run)
        self.info.detail = (t("services {names}", names=", ".join(started)) if started
                            else _("no services"))
        for name in started:
            self.compose_service(project, name)

    def compose_service(self, project: ComposeProject, name: str) -> None:
        service = project.services[name]
        spec = service.spec
        policy = spec.get("pull_policy")
        build = spec.get("build")
        if isinstance(build, dict):
            self.compose_build(project, service, build)
            return
        if build is not None:
            self.out.problem(COMPOSE_TITLE, service.source,
                             t("service `{service}`: `build` is not a path or a mapping",
                               service=name))
            return
        if "image" not in spec:
            self.out.problem(COMPOSE_TITLE, service.source,
                             t("service `{service}` has neither `image` nor `build`",
                               service=name))
            return
        if policy in ("build", "never"):
            return  # Compose never pulls it: the image must already be on the machine
        platform = spec.get("platform") if isinstance(spec.get("platform"), str) else None
        what = t("service `{service}`: `image`", service=name)
        unset = project.unset.get(spec["image"]) if isinstance(spec["image"], str) else None
        if unset:
            what += " " + t("(unset variable(s) {names})", names=", ".join(sorted(set(unset))))
        self.add_ref(spec["image"], service.source, "compose", COMPOSE_TITLE, what, platform)

    def compose_build(self, project: ComposeProject, service: ComposeService,
                      build: dict) -> None:
        context = build.get("context", ".")
        dockerfile = build.get("dockerfile", "Dockerfile")
        inline = build.get("dockerfile_inline")
        if not isinstance(context, str) or not isinstance(dockerfile, str) or \
                not isinstance(inline, (str, type(None))):
            self.out.problem(COMPOSE_TITLE, service.source,
                             t("service `{service}`: `build.context` and `build.dockerfile` "
                               "must be paths", service=service.name))
            return
        if "://" in context or context.startswith("git@"):
            return  # a remote build context: its Dockerfile is not in the workspace
        args = build.get("args") or {}
        if not isinstance(args, dict):
            args = {}
        args = {str(k): project.environ.get(str(k), "") if v is None else v
                for k, v in args.items()}
        args = string_map(args)
        target = build.get("target") if isinstance(build.get("target"), str) else None
        base = lexical(project.project_dir / context)
        self.missing(base, service.source, "service-context", service.name)
        self.read_dockerfile(lexical(base / dockerfile), args, target or None, inline,
                             service.source)

    def add_ref(self, value: object, source: str, role: str, title: str, what: str,
                platform: str | None = None) -> None:
        if not isinstance(value, str):
            self.out.problem(title, source, t("{what} is a {kind}, not a string", what=what,
                                              kind=kind(value)))
            return
        unresolved = _unresolved(value)
        if unresolved:
            self.out.problem(title, source, t("{what} `{value}` contains {unresolved}",
                                              what=what, value=value.strip()[:120],
                                              unresolved=unresolved))
            return
        try:
            self.out.add_image(parse_image_ref(value, source, role=role, platform=platform))
        except ValueError as exc:
            shown = value.strip()[:120]
            self.out.problem(title, source, t("{what} `{value}` is not an image reference: "
                                              "{problem}", what=what, value=shown, problem=exc))


def _build_options(options: list[str], args: dict[str, str]) -> str | None:
    """Fold `--build-arg NAME=VALUE` of `build.options` into `args`; the `--target`, if any."""
    target = None
    index = 0
    while index < len(options):
        option = options[index]
        name, eq, value = option.partition("=")
        if not eq and name in ("--build-arg", "--target") and index + 1 < len(options):
            value = options[index + 1]
            index += 1
        if name == "--build-arg":
            key, has_value, arg = value.partition("=")
            if has_value:
                args[key] = arg
        elif name == "--target" and value:
            target = value
        index += 1
    return target


def _unresolved(value: str) -> str:
    """Names a `${…}` variable the CLI leaves in place, saying what it is (empty if none)."""
    for match in VARIABLE.finditer(value):
        name = match.group(1).split(":", 1)[0]
        if name in _UNRESOLVED:
            return f"`{match.group(0)[:60]}`: {_(_UNRESOLVED[name])}"
    return ""
