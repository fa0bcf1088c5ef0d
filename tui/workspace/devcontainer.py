"""Find the dev container configuration and every image reference it makes the codespace pull.

Each devcontainer.json is read as the dev containers CLI reads it (its tolerant JSONC parser,
its `${localEnv:…}` substitution) and only the source the CLI uses is followed: a Dockerfile
build (`build.dockerfile` or the older `dockerFile`) before `image`, and both before
`dockerComposeFile`; the others are listed as ignored. Dockerfiles are read as BuildKit
builds them (`dockerfile`), compose files as Compose merges them (`compose`) and Feature ids as
the CLI resolves them (`features`); the source itself is read by `sources`. A file that stops
the build becomes a DEVCONTAINER_INVALID finding; one that is missing while an
`initializeCommand` may create it, a DEVCONTAINER_UNCHECKED warning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from tui.catalogue import finding
from tui.i18n import N_, _, t
from tui.model import Finding, ImageRef, Severity
from tui.record import field, record
from tui.workspace.files import exists, kind, read_text, relative
from tui.workspace.imageref import parse_image_ref
from tui.workspace.sources import CONFIG_TITLE, VARIABLE, SourceReader

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.workspace.dockerfile import parse_dockerfile

__all__ = [
    "ConfigSource", "ScanResult", "expand_local_env", "find_configs", "parse_dockerfile",
    "scan_config", "scan_workspace",
]

FEATURE_TITLE = N_("A Feature of the dev container cannot be resolved")
RECOVERED_TITLE = N_("devcontainer.json has syntax errors the dev containers CLI reads past")

SOURCES = ("dockerfile", "image", "compose")
"""The image sources of a devcontainer.json, in the order the CLI prefers them."""
_KEYS = {"dockerfile": "`build.dockerfile`", "image": "`image`",
         "compose": "`dockerComposeFile`"}


@record
class ConfigSource:
    """Which image source of one devcontainer.json the CLI uses, for the context facts."""

    config: str
    """The devcontainer.json, relative to the workspace."""
    uses: str | None = None
    """`dockerfile` | `image` | `compose`, or None when it names none."""
    ignored: list[str] = field(default_factory=list)
    """Other sources the file also sets, which the CLI ignores."""
    detail: str = ""
    """One line: the Dockerfile and its target, the image, or the compose services started."""
    features: list[str] = field(default_factory=list)
    """Notes on Feature ids: mapped legacy ids, lower-cased ids, redirected namespaces, and
    Features not pulled from a registry (tarballs, local folders, GitHub releases)."""

    def summary(self) -> str:
        """`uses build.dockerfile (Dockerfile, target dev); ignores image`."""
        if self.uses is None:
            return _("names no image source")
        uses = _KEYS[self.uses].strip("`")
        ignored = ", ".join(_KEYS[i].strip("`") for i in self.ignored)
        if self.detail and self.ignored:
            return t("uses {uses} ({detail}); ignores {ignored}", uses=uses, detail=self.detail,
                     ignored=ignored)
        if self.detail:
            return t("uses {uses} ({detail})", uses=uses, detail=self.detail)
        if self.ignored:
            return t("uses {uses}; ignores {ignored}", uses=uses, ignored=ignored)
        return t("uses {uses}", uses=uses)


@record
class ScanResult:
    """What the workspace's dev container configuration names."""

    configs: list[str] = field(default_factory=list)
    """devcontainer.json files found, relative to the workspace (the first is the one used)."""
    images: list[ImageRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: list[ConfigSource] = field(default_factory=list)
    """One per config read: the source the CLI uses and those it ignores."""
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)

    def add_image(self, image: ImageRef) -> None:
        """Keep `image` unless the same reference was already found (the first source wins)."""
        key = (image.host.lower(), image.repository, image.reference)
        if key not in self._seen:
            self._seen.add(key)
            self.images.append(image)

    def problem(self, title: str, source: str, what: str, fix: str | None = None,
                severity: Severity | None = None) -> None:
        """Record a DEVCONTAINER_INVALID finding about `source` (`title`: a message id, or
        text in the current language)."""
        self.findings.append(finding("DEVCONTAINER_INVALID", _at(source, what), fix,
                                     title=_(title), severity=severity))

    def unchecked(self, source: str, what: str) -> None:
        """Record a DEVCONTAINER_UNCHECKED warning: `what` says which file is missing now, that
        `initializeCommand` may create it on the host first, and what could not be checked."""
        detail = _at(source, what)
        if all(f.detail != detail for f in self.findings):
            self.findings.append(finding("DEVCONTAINER_UNCHECKED", detail))


def _at(source: str, what: str) -> str:
    """`source`: what was found there."""
    return t("`{source}`: {what}", source=source, what=what)


def find_configs(workspace: Path) -> list[Path]:
    """The devcontainer.json files of `workspace`, in the order Codespaces prefers them."""
    candidates = [
        workspace / ".devcontainer" / "devcontainer.json",
        workspace / ".devcontainer.json",
    ]
    found = [path for path in candidates if exists(path)]
    folder = workspace / ".devcontainer"
    try:
        nested = sorted(folder.glob("*/devcontainer.json")) if folder.is_dir() else []
    except OSError:
        nested = []
    return found + [path for path in nested if exists(path)]


def scan_workspace(workspace: Path, environ: Mapping[str, str] | None = None) -> ScanResult:
    """Read every devcontainer.json of `workspace` and collect the images they name."""
    result = ScanResult()
    for config in find_configs(workspace):
        result.configs.append(relative(config, workspace))
        _Config(config, workspace, dict(environ or {}), result).scan()
    return result


# --- devcontainer.json ------------------------------------------------------------------------


def scan_config(config: Path, workspace: Path,
                environ: Mapping[str, str] | None = None) -> ScanResult:
    """Read one devcontainer.json (as `devcontainer up --config` would) and collect its images."""
    result = ScanResult(configs=[relative(config, workspace)])
    _Config(config, workspace, dict(environ or {}), result).scan()
    return result


def expand_local_env(data: object, environ: Mapping[str, str],
                     workspace: Path | None = None) -> object:
    """`${localEnv:NAME[:default]}` / `${env:…}` (and the local workspace folder variables)
    replaced in every string value as the CLI does: a set but empty variable stays empty, the
    default ends at the next colon, and other variables stay as written."""
    if isinstance(data, str):
        def value(match: re.Match[str]) -> str:
            name, *args = match.group(1).split(":")
            if name in ("localEnv", "env") and args:
                found = environ.get(args[0])
                if isinstance(found, str):
                    return found
                return args[1] if len(args) > 1 else ""
            if name == "localWorkspaceFolder" and workspace is not None:
                return str(workspace)
            if name == "localWorkspaceFolderBasename" and workspace is not None:
                return workspace.name
            return match.group(0)

        return VARIABLE.sub(value, data)
    if isinstance(data, dict):
        return {key: expand_local_env(item, environ, workspace) for key, item in data.items()}
    if isinstance(data, list):
        return [expand_local_env(item, environ, workspace) for item in data]
    return data


class _Config(SourceReader):
    """One devcontainer.json being read."""

    def __init__(self, path: Path, workspace: Path, environ: dict[str, str],
                 out: ScanResult) -> None:
        super().__init__(path, workspace, environ, out, ConfigSource(relative(path, workspace)))

    def scan(self) -> None:
        data = self.read()
        if data is None:
            return
        self.out.sources.append(self.info)
        expanded = expand_local_env(data, self.environ, self.workspace)
        data = expanded if isinstance(expanded, dict) else data
        present = self.present(data)
        self.prepared = data.get("initializeCommand") not in (None, "", [], {})
        build = data.get("build")
        bad_build = "dockerFile" not in data and "build" in data and \
            not isinstance(build, (dict, list))
        if bad_build:  # the CLI stops on it (it looks for `dockerfile` inside it)
            self.out.problem(CONFIG_TITLE, self.source,
                             t("`build` is a {kind}, not an object", kind=kind(build)))
        self.info.uses = next((s for s in SOURCES if s in present), None)
        self.info.ignored = [s for s in SOURCES if s in present and s != self.info.uses]
        if self.info.uses == "dockerfile":
            self.dockerfile(data)
        elif self.info.uses == "image":
            self.image(data["image"])
        elif self.info.uses == "compose":
            self.compose(data)
        elif not bad_build:
            self.out.problem(
                CONFIG_TITLE, self.source,
                _("names no image: none of `image`, `build.dockerfile` or `dockerComposeFile` is "
                  "set"),
            )
        self.features(data.get("features"))

    def read(self) -> dict | None:
        from tui.workspace.jsonc import parse_jsonc

        text, error = read_text(self.path)
        if error is not None:
            self.out.problem(CONFIG_TITLE, self.source, error)
            return None
        data, problems = parse_jsonc(text)
        if not isinstance(data, dict):
            where = " " + t("(line {line}, column {column}: {message})", line=problems[0].line,
                            column=problems[0].column, message=problems[0].message) \
                if problems else ""
            shape = (_("the top level is nothing, not an object") if data is None else
                     t("the top level is a {kind}, not an object", kind=kind(data)))
            self.out.problem(CONFIG_TITLE, self.source, shape + where)
            return None
        if problems:
            shown = "; ".join(t("line {line}, column {column}: {message}", line=p.line,
                                column=p.column, message=p.message) for p in problems[:3])
            if len(problems) > 3:
                shown += " " + t("(and {count} more)", count=len(problems) - 3)
            self.out.problem(
                RECOVERED_TITLE, self.source,
                t("{problems}. The dev containers CLI skips what it cannot read and uses the "
                  "rest, so a value near these places may be lost.", problems=shown),
                _("Fix the syntax at the lines shown (VS Code underlines them in the file)."),
                severity=Severity.WARNING,
            )
        return data

    @staticmethod
    def present(data: dict) -> set[str]:
        present = set()
        build = data.get("build")
        if "dockerFile" in data or (isinstance(build, dict) and "dockerfile" in build):
            present.add("dockerfile")
        if "image" in data:
            present.add("image")
        if "dockerComposeFile" in data:
            present.add("compose")
        return present

    def features(self, features: object) -> None:
        if features is None:
            return
        from tui.workspace.features import resolve_features

        if not isinstance(features, dict):
            self.out.problem(CONFIG_TITLE, self.source,
                             t("`features` is a {kind}, not an object", kind=kind(features)))
            return
        for feature in resolve_features([str(k) for k in features]):
            if feature.kind == "invalid":
                self.out.problem(FEATURE_TITLE, self.source, feature.note)
                continue
            if feature.note:
                self.info.features.append(_at(feature.written, feature.note))
            if feature.kind == "local":
                self.local_feature(feature.written)
            if feature.kind == "oci" and feature.ref:
                try:
                    image = parse_image_ref(feature.ref, self.source, role="feature",
                                            kind="feature")
                except ValueError as exc:
                    self.out.problem(FEATURE_TITLE, self.source,
                                     t("Feature `{feature}`: {problem}",
                                       feature=feature.written[:120], problem=exc))
                    continue
                self.out.add_image(image)

    def local_feature(self, written: str) -> None:
        """A local Feature must be a folder under the workspace's `.devcontainer/` (the CLI
        refuses any other path) holding `devcontainer-feature.json`."""
        if written.startswith("/"):
            self.out.problem(FEATURE_TITLE, self.source,
                             t("Feature `{feature}`: an absolute path is not allowed; use `./` "
                               "under `.devcontainer/`", feature=written[:120]))
            return
        folder = Path(os.path.normpath(self.path.parent / written.replace("\\", "/")))
        allowed = Path(os.path.normpath(self.workspace / ".devcontainer"))
        if folder != allowed and allowed not in folder.parents:
            self.out.problem(FEATURE_TITLE, self.source,
                             t("Feature `{feature}`: a local Feature must be a folder inside "
                               "`.devcontainer/`; the dev containers CLI refuses this path",
                               feature=written[:120]))
        elif not exists(folder / "devcontainer-feature.json"):
            self.out.problem(FEATURE_TITLE, self.source,
                             t("Feature `{feature}`: `{folder}/devcontainer-feature.json` does "
                               "not exist", feature=written[:120], folder=self.rel(folder)))


def __getattr__(name: str) -> object:
    """`parse_dockerfile`, re-exported from `tui.workspace.dockerfile` when first asked for:
    a configuration without a build does not pay for the Dockerfile reader."""
    if name == "parse_dockerfile":
        from tui.workspace.dockerfile import parse_dockerfile

        return parse_dockerfile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
