"""The images a Dockerfile build pulls, as BuildKit decides them.

Only the stages the build reaches are pulled: the target (`build.target`, else the last stage)
and, transitively, the stages it names in `FROM <stage>`, `COPY --from=<stage|index>` and
`RUN --mount=…,from=<stage>`. A name that is no earlier stage is an image: `COPY --from=image`
and `--mount from=image` pull it. The `# syntax=` frontend image is pulled too. `FROM` lines
expand the global `ARG`s (before the first `FROM`, overridden by build args) and the automatic
platform arguments (`$BUILDPLATFORM`, `$TARGETARCH`, … of a linux/amd64 codespace).
Every stage's base must still be a valid reference, reached or not, since BuildKit checks them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.model import ImageRef
from tui.record import field, record
from tui.workspace.files import unquote
from tui.workspace.imageref import parse_image_ref
from tui.workspace.shellwords import expand

CODESPACE_PLATFORM = {
    "BUILDPLATFORM": "linux/amd64", "TARGETPLATFORM": "linux/amd64",
    "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
    "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": "",
}
"""The automatic platform arguments of a build in a codespace (linux/amd64)."""

_DIRECTIVES = ("syntax", "escape", "check")
_DIRECTIVE = LazyPattern(r"#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$")
_HEREDOC = LazyPattern(r"<<-?\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\1")
_STAGE_NAME = LazyPattern(r"[a-z][a-z0-9_.-]*")
_MAX_VALUE = 4096


@record
class _Stage:
    index: int
    line: int
    base: str
    name: str | None
    platform: str | None
    base_stage: int | None = None
    sources: list[tuple[str, str, int]] = field(default_factory=list)
    """(`copy` | `mount`, the name written, line)."""
    env: dict[str, str] = field(default_factory=dict)


@record
class DockerfileImages:
    """What one Dockerfile build pulls and what stops it."""

    images: list[ImageRef] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    """The stages built, by name (or `#index`), target last."""
    syntax: str | None = None


def parse_dockerfile(
    text: str, source: str, build_args: Mapping[str, str] | None = None
) -> tuple[list[ImageRef], list[str]]:
    """The images a build of the Dockerfile's last stage pulls, and the problems (sentences)."""
    result = read_dockerfile(text, source, build_args)
    return result.images, result.problems


def read_dockerfile(
    text: str, source: str, build_args: Mapping[str, str] | None = None,
    target: str | None = None,
) -> DockerfileImages:
    """Everything a BuildKit build of `target` (default: the last stage) pulls."""
    args = {str(k): str(v) for k, v in (build_args or {}).items()}
    out = DockerfileImages()
    lines = text.splitlines()
    directives = _directives(lines, out)
    escape = directives.get("escape", "\\")
    if escape not in ("\\", "`"):
        out.problems.append(t("`# escape={escape}` is not `\\` or a backtick",
                              escape=escape[:10]))
        escape = "\\"
    global_args = dict(CODESPACE_PLATFORM)
    stages: list[_Stage] = []
    for number, instruction, rest in _instructions(lines, escape):
        if instruction == "FROM":
            stage = _from(number, rest, len(stages), global_args, escape, out)
            if stage is not None:
                names = {s.name: s.index for s in stages if s.name}
                stage.base_stage = names.get(stage.base)
                stages.append(stage)
        elif instruction == "ARG":
            _arg(rest, stages[-1] if stages else None, global_args, args, escape)
        elif not stages:
            if instruction not in ("ONBUILD",):
                out.problems.append(t("line {number}: `{instruction}` comes before the first FROM",
                                      number=number, instruction=instruction))
        elif instruction == "ENV":
            _env(rest, stages[-1], escape)
        elif instruction == "COPY":
            _copy(number, rest, stages[-1], escape, out)
        elif instruction == "RUN":
            _run(number, rest, stages[-1], escape)
    if not stages:
        if not any("FROM" in p for p in out.problems):
            out.problems.append(_("no FROM line: the Dockerfile names no base image"))
        return out
    reached = _reachable(stages, target, out)
    for stage in stages:
        if stage.base_stage is None and stage.base.lower() != "scratch":
            image = _image(stage.base, source, stage.platform, "image")
            if isinstance(image, str):
                out.problems.append(t("line {number}: `FROM {base}` is not an image reference: "
                                      "{problem}", number=stage.line, base=stage.base[:120],
                                      problem=image))
            elif stage.index in reached:
                _keep(out, image)
    for stage in stages:
        if stage.index not in reached:
            continue
        for kind, written, line in stage.sources:
            _source_image(stages, stage, kind, written, line, source, out)
    syntax = args.get("BUILDKIT_SYNTAX", directives.get("syntax"))
    if syntax and syntax != "dockerfile.v0":  # the frontend image, pulled before the build
        out.syntax = syntax
        _add(out, syntax, source, None, "dockerfile-syntax", _("`# syntax=` frontend"))
    return out


# --- reading --------------------------------------------------------------------------------


def _directives(lines: list[str], out: DockerfileImages) -> dict[str, str]:
    """The parser directives at the top of the file (lowercase names), as BuildKit reads them:
    the first line that is not a known directive (an empty line, any other comment, an
    instruction) ends them; a known one given twice stops the build."""
    found: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if number == 1 and text.startswith("#!"):
            continue  # a shebang line is skipped
        match = _DIRECTIVE.fullmatch(text)
        if not match or match.group(1).lower() not in _DIRECTIVES:
            break
        name = match.group(1).lower()
        if name in found:
            out.problems.append(t("line {number}: only one `# {name}=` directive can be used",
                                  number=number, name=name))
            break
        found[name] = match.group(2)
    return found


def _instructions(lines: list[str], escape: str) -> list[tuple[int, str, str]]:
    """(line number, INSTRUCTION, arguments) of each logical line, as BuildKit joins them: a
    line ending in the escape character continues on the next, which is appended as written
    (no space added); comment and empty lines inside a continuation are dropped."""
    continued = re.compile(r"(?:(?<=[^" + re.escape(escape) + r"])|^)" + re.escape(escape)
                           + r"[ \t]*$")
    result: list[tuple[int, str, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index].lstrip()
        index += 1
        if not line.strip() or line.startswith("#"):
            continue
        first = index
        parts: list[str] = []
        ended = continued.search(line) is None
        parts.append(line if ended else continued.sub("", line))
        while not ended and index < len(lines):
            line = lines[index]
            index += 1
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            ended = continued.search(line) is None
            parts.append(line if ended else continued.sub("", line))
        logical = "".join(parts).strip()
        if not logical:
            continue
        word, _sep, rest = logical.partition(" ")
        if "\t" in word:
            word, _sep, more = word.partition("\t")
            rest = f"{more} {rest}"
        instruction = word.upper()
        result.append((first, instruction, rest.strip()))
        if instruction in ("RUN", "COPY", "ADD") and "<<" in rest:
            for heredoc in _HEREDOC.finditer(rest):
                index = _skip_heredoc(lines, index, heredoc.group(2), "<<-" in heredoc.group(0))
    return result


def _skip_heredoc(lines: list[str], index: int, delimiter: str, strip_tabs: bool) -> int:
    while index < len(lines):
        line = lines[index].lstrip("\t") if strip_tabs else lines[index]
        index += 1
        if line.rstrip() == delimiter:
            break
    return index


def split_words(text: str) -> list[str]:
    """Whitespace-separated words, keeping quoted parts together (quotes kept)."""
    return re.findall(r"(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)+", text)


def _from(number: int, rest: str, index: int, global_args: dict[str, str], escape: str,
          out: DockerfileImages) -> _Stage | None:
    words = split_words(rest)
    platform: str | None = None
    while words and words[0].startswith("--"):
        flag = words.pop(0)
        if flag.lower().startswith("--platform="):
            written = flag.split("=", 1)[1]
            platform = _value(written, global_args, escape) or None
    if not words:
        out.problems.append(t("line {number}: FROM names no image", number=number))
        return None
    written = words[0]
    name: str | None = None
    if len(words) >= 3 and words[1].lower() == "as":
        name = words[2].lower()
        if not _STAGE_NAME.fullmatch(name) or len(words) > 3:
            out.problems.append(t("line {number}: `{words}` is not a valid stage name (letters, "
                                  "digits, `_`, `.` and `-`)", number=number,
                                  words=" ".join(words[1:])[:80]))
    elif len(words) > 1:
        out.problems.append(t("line {number}: FROM has unexpected words after the image: "
                              "`{words}` (expected `AS name`)", number=number,
                              words=" ".join(words[1:])[:80]))
    expansion = expand(written, global_args, escape=escape, quotes=True)
    base = expansion.text[:_MAX_VALUE]
    if not base.strip():
        names = ", ".join(sorted(set(expansion.unset))) or written
        out.problems.append(t(
            "line {number}: `FROM {written}` is empty after substitution: declare "
            "`ARG {names}=<image>` before the first FROM or set it in `build.args`",
            number=number, written=written[:80], names=names))
        return None
    return _Stage(index=index, line=number, base=base, name=name, platform=platform)


def _arg(rest: str, stage: _Stage | None, global_args: dict[str, str], args: dict[str, str],
         escape: str) -> None:
    for token in split_words(rest):
        name, eq, default = token.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue
        if stage is None:  # global scope: for FROM lines
            if name in args:
                global_args[name] = args[name]
            elif eq:
                global_args[name] = _value(default, global_args, escape)
        else:  # stage scope: a redeclared global keeps its value
            scope = stage.env
            if name in args:
                scope[name] = args[name]
            elif eq:
                scope[name] = _value(default, scope, escape)
            elif name in global_args:
                scope[name] = global_args[name]


def _env(rest: str, stage: _Stage, escape: str) -> None:
    words = split_words(rest)
    if words and "=" not in words[0]:  # legacy `ENV NAME value with spaces`
        stage.env[words[0]] = _value(" ".join(words[1:]), stage.env, escape)
        return
    for token in words:
        name, eq, value = token.partition("=")
        if eq and name:
            stage.env[name] = _value(value, stage.env, escape)


def _copy(number: int, rest: str, stage: _Stage, escape: str, out: DockerfileImages) -> None:
    for word in split_words(rest):
        if not word.startswith("--"):
            break
        if word.lower().startswith("--from="):
            written = unquote(word.split("=", 1)[1])
            if "$" in written and expand(written, {}, escape=escape).text != written:
                out.problems.append(t(
                    "line {number}: `COPY --from={written}`: BuildKit does not expand "
                    "variables in --from; name a stage built `FROM ${{ARG}}` instead",
                    number=number, written=written[:80]))
                return
            stage.sources.append(("copy", written, number))


def _run(number: int, rest: str, stage: _Stage, escape: str) -> None:
    for word in split_words(rest):
        if not word.startswith("--"):
            break
        if not word.lower().startswith("--mount="):
            continue
        for field_text in _csv(unquote(word.split("=", 1)[1])):
            key, eq, value = field_text.partition("=")
            if eq and key.strip().lower() == "from":
                value = _value(value.strip(), stage.env, escape)
                if value:
                    stage.sources.append(("mount", value, number))


def _csv(text: str) -> list[str]:
    """Comma-separated fields, double quotes keeping commas inside."""
    return [unquote(f) for f in re.findall(r'(?:"[^"]*"|[^,])+', text)]


def _value(written: str, values: Mapping[str, str], escape: str) -> str:
    return expand(written, values, escape=escape, quotes=True).text[:_MAX_VALUE]


# --- what is built ----------------------------------------------------------------------------


def _reachable(stages: list[_Stage], target: str | None, out: DockerfileImages) -> set[int]:
    if target:
        found = [s for s in stages if s.name == target.lower()]
        if not found:
            names = ", ".join(f"`{s.name}`" for s in stages if s.name) or _("none")
            out.problems.append(t("the build target `{target}` is no stage of the Dockerfile "
                                  "(stages: {names})", target=target[:80], names=names))
            return set()
        start = found[-1]
    else:
        start = stages[-1]
    reached: set[int] = set()
    pending = [start.index]
    while pending:
        index = pending.pop()
        if index in reached:
            continue
        reached.add(index)
        stage = stages[index]
        if stage.base_stage is not None:
            pending.append(stage.base_stage)
        for _kind, written, _line in stage.sources:
            found_stage = _stage_named(stages, written)
            if found_stage is not None and found_stage.index < index:
                pending.append(found_stage.index)
    out.stages = [stages[i].name or f"#{i}" for i in sorted(reached)]
    return reached


def _stage_named(stages: list[_Stage], written: str) -> _Stage | None:
    if written.isdigit():
        index = int(written)
        return stages[index] if index < len(stages) else None
    matches = [s for s in stages if s.name == written.lower()]
    return matches[-1] if matches else None


def _source_image(stages: list[_Stage], stage: _Stage, kind: str, written: str, line: int,
                  source: str, out: DockerfileImages) -> None:
    found = _stage_named(stages, written)
    what = "COPY --from" if kind == "copy" else "RUN --mount from"
    if found is not None:
        if found.index >= stage.index:
            out.problems.append(t("line {number}: `{what}={written}` names a stage that is not "
                                  "defined before this one", number=line, what=what,
                                  written=written[:80]))
        return
    if written.isdigit():
        out.problems.append(t("line {number}: `{what}={written}`: there is no stage {written}",
                              number=line, what=what, written=written))
        return
    if written.lower() == "scratch":
        return
    image = _image(written, source, None, "copy-from")
    if isinstance(image, str):
        out.problems.append(t("line {number}: `{what}={written}` is not a stage nor an image "
                              "reference: {problem}", number=line, what=what,
                              written=written[:120], problem=image))
    else:
        _keep(out, image)


def _image(value: str, source: str, platform: str | None, kind: str) -> ImageRef | str:
    try:
        return parse_image_ref(value, source, role="dockerfile", platform=platform, kind=kind)
    except ValueError as exc:
        return str(exc)


def _add(out: DockerfileImages, value: str, source: str, platform: str | None, kind: str,
         what: str) -> None:
    image = _image(value, source, platform, kind)
    if isinstance(image, str):
        out.problems.append(t("{what} `{value}` is not an image reference: {problem}",
                              what=what, value=value[:120], problem=image))
    else:
        _keep(out, image)


def _keep(out: DockerfileImages, image: ImageRef) -> None:
    key = (image.host, image.repository, image.reference)
    if all((i.host, i.repository, i.reference) != key for i in out.images):
        out.images.append(image)
