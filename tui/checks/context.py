"""The context step: where the diagnosis runs and which images the codespace must pull.

Fills `diagnosis.context` (codespace and recovery markers, repository, workspace, images,
daemon, creation-log class) and raises RECOVERY_MODE, the creation log's findings
(`tui.logs.findings`),
DEVCONTAINER_NOT_FOUND, DEVCONTAINER_INVALID and DOCKER_DAEMON_UNAVAILABLE.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis
from tui.i18n import _, ngettext, t
from tui.lazy_pattern import LazyPattern
from tui.model import Context, Finding, ImageRef, Severity
from tui.record import fields, replace
from tui.redact import scrub_tokens, visible_whitespace
from tui.workspace.devcontainer import find_configs, scan_workspace
from tui.workspace.imageref import parse_image_ref

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.logs.reader import LogReading

STEP = "context"
UNCLASSIFIED = "unclassified"
"""`Context.creation_log_class` when the log failed in words no signature knows."""
REASON_CHARS = 300
"""The recovery reason is cut to about this many characters."""
_SECRET_NAME = LazyPattern(r"PASSWORD|TOKEN|SECRET", re.IGNORECASE)
_ANSI = LazyPattern(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Fill `diagnosis.context` and return the context findings."""
    options = diagnosis.options
    environ = options.environ
    _teach_redactor(diagnosis)
    context = Context(
        codespace=_flag(environ.get("CODESPACES")),
        repository=options.repo or (environ.get("GITHUB_REPOSITORY") or "").strip() or None,
        codespace_name=(environ.get("CODESPACE_NAME") or "").strip() or None,
        workspace=str(options.workspace),
    )
    findings: list[Finding] = []
    persisted = Path(options.codespaces_dir) / ".persistedshare"
    if options.offline or options.no_daemon:  # no daemon call: nothing to run beside the files
        findings.extend(_local_findings(diagnosis, context, persisted))
        context.docker_daemon = _daemon(diagnosis)
    else:
        from concurrent.futures import ThreadPoolExecutor

        from tui.registry.daemon_ping import ABSENT

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="daemon-ping") as pool:
            daemon = pool.submit(_daemon, diagnosis)  # the one network call runs beside the files
            findings.extend(_local_findings(diagnosis, context, persisted))
            context.docker_daemon = daemon.result()
        if context.docker_daemon == ABSENT:
            findings.append(finding(
                "DOCKER_DAEMON_UNAVAILABLE",
                t("No Docker daemon answers at {place}: the login and pull checks talk to the "
                  "registries directly.", place=_daemon_place(environ)),
            ))
    _store(diagnosis, context)
    return findings


def _local_findings(diagnosis: Diagnosis, context: Context, persisted: Path) -> list[Finding]:
    """Recovery markers, the creation log and the devcontainer images (files only)."""
    findings: list[Finding] = []

    recovery_finding = _recovery(diagnosis, context, persisted / "RECOVERY-REASON-FILE")
    findings.extend(recovery_finding)

    reading = _read_log(persisted / "creation.log", diagnosis, context)
    if reading is not None and reading.verdict is not None:
        context.creation_log_class = reading.verdict.klass
    elif reading is not None and reading.failing:
        context.creation_log_class = UNCLASSIFIED
    if recovery_finding and (reading is None or not reading.failed):
        # nothing in the evidence says why: the recovery itself is worth more than a note
        recovery_finding = [replace(
            recovery_finding[0], severity=Severity.WARNING,
            detail=recovery_finding[0].detail + " " + (
                _("The creation log names no failure.") if reading is not None
                else _("The creation log names no failure (there is no creation log here).")),
        )]
        findings[:1] = recovery_finding

    image_findings = _images(diagnosis, context)
    findings.extend(image_findings)
    explained = any(f.severity is Severity.ERROR for f in image_findings)
    from_log: list[Finding] = []
    if reading is not None:  # a log with no failure word can still name the cause (a bad
        from tui.logs.findings import log_findings  # reference docker could not parse)

        from_log = log_findings(reading, context, diagnosis.options.offline, explained,
                                credential_hosts(diagnosis.variables))
    findings[len(recovery_finding):len(recovery_finding)] = from_log
    return findings


# --- markers ----------------------------------------------------------------------------------


def credential_hosts(variables) -> frozenset[str]:
    """The registry hosts a `*_CONTAINER_REGISTRY_SERVER` names: Codespaces sends credentials
    there (whatever else the set lacks)."""
    from tui.secretsets.servers import parse_server

    hosts = set()
    for variable in variables:
        if variable.name.upper().endswith("_CONTAINER_REGISTRY_SERVER"):
            host = parse_server(variable.text.strip()).canonical_host
            if host:
                hosts.add(host)
    return frozenset(hosts)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _teach_redactor(diagnosis: Diagnosis) -> None:
    """Make sure secret-named variables are masked even in text read from Codespaces' files."""
    for name, value in diagnosis.options.environ.items():
        if not (_SECRET_NAME.search(name) and isinstance(value, str)):
            continue
        if len(value.strip()) >= 6 and value.strip().lower() not in ("true", "false"):
            diagnosis.redactor.add(value)


def _recovery(diagnosis: Diagnosis, context: Context, reason_file: Path) -> list[Finding]:
    by_variable = _flag(diagnosis.options.environ.get("CODESPACES_RECOVERY_CONTAINER"))
    reason = _read_reason(diagnosis, reason_file)
    has_file = reason is not None
    context.recovery = by_variable or has_file
    context.recovery_reason = reason or None
    if not context.recovery:
        return []
    markers = []
    if by_variable:
        markers.append("CODESPACES_RECOVERY_CONTAINER=true")
    if has_file:
        markers.append(t("`{path}` exists", path=reason_file))
    said = _("No recovery reason was recorded.")
    if reason:
        end = "" if reason.endswith((".", "!", "?")) else "."
        said = t("Recovery reason: “{reason}”{end}", reason=reason, end=end)
    name = context.codespace_name
    rebuild = f"gh codespace rebuild -c {name}" if name else "gh codespace rebuild"
    return [finding(
        "RECOVERY_MODE",
        t("This codespace runs in a recovery container ({markers}). {said}",
          markers=_(" and ").join(markers), said=said),
        t("Fix the cause named by the other findings (the first error first), then rebuild the "
          "container: `{rebuild}`, or `Codespaces: Rebuild Container` in VS Code.",
          rebuild=rebuild),
    )]


def _read_reason(diagnosis: Diagnosis, path: Path) -> str | None:
    """The recovery reason (redacted, one line, shortened); None when the file is absent."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            raw = handle.read(64 * 1024)
    except OSError:
        return None
    text = _ANSI.sub("", raw.decode("utf-8", errors="replace"))
    text = " ".join(scrub_tokens(diagnosis.redactor(text)).split())
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if len(text) > REASON_CHARS:
        text = text[:REASON_CHARS].rstrip() + "…"
    return text


# --- creation log -----------------------------------------------------------------------------


def _read_log(path: Path, diagnosis: Diagnosis, context: Context) -> LogReading | None:
    """The creation log's evidence (None when there is no log: its signatures are compiled
    only when there is one to read). In recovery with a silent log, the recovery reason is
    read the same way."""
    reading = None
    if os.path.exists(path):  # read_file would find it unreadable too
        from tui.logs.reader import read_file

        reading = read_file(path, diagnosis.redactor)
    if context.recovery and context.recovery_reason and (reading is None or not reading.failed):
        from tui.logs.reader import read_text

        from_reason = read_text(context.recovery_reason, diagnosis.redactor)
        if from_reason.verdict is not None:
            reading = from_reason
    return reading


# --- images -----------------------------------------------------------------------------------


def _images(diagnosis: Diagnosis, context: Context) -> list[Finding]:
    """The images the codespace pulls (into `context.images`) and the findings about them:
    the configuration's faults, then references that cannot be what was meant."""
    from tui.registry.image_sense import judge_images

    return judge_images(diagnosis, context, _read_images(diagnosis, context))


def _read_images(diagnosis: Diagnosis, context: Context) -> list[Finding]:
    options = diagnosis.options
    workspace = Path(options.workspace)
    if options.image is not None:
        configs = find_configs(workspace)
        if configs:
            context.devcontainer = configs[0].relative_to(workspace).as_posix()
        return _image_option(options.image, context)
    diagnosis.report(STEP, "devcontainer", "read", "running")
    scan = scan_workspace(workspace, options.environ)
    context.images = list(scan.images)
    context.image_sources = [
        f"{source.config}: {source.summary()}"
        + "".join("; " + t("feature {note}", note=note) for note in source.features)
        for source in scan.sources
    ]
    if not scan.configs:
        detail = (t("No `.devcontainer/devcontainer.json`, `.devcontainer.json` or "
                    "`.devcontainer/*/devcontainer.json` in `{workspace}`.", workspace=workspace)
                  if workspace.is_dir() else
                  t("No `.devcontainer/devcontainer.json`, `.devcontainer.json` or "
                    "`.devcontainer/*/devcontainer.json` (`{workspace}` is not a folder).",
                    workspace=workspace))
        return [finding("DEVCONTAINER_NOT_FOUND", detail)]
    context.devcontainer = scan.configs[0]
    errors = any(f.severity is Severity.ERROR for f in scan.findings)
    diagnosis.report(STEP, "devcontainer", "read",
                     "fail" if errors else "warn" if scan.findings else "pass",
                     ngettext("{count} image reference", "{count} image references",
                              len(scan.images)).format(count=len(scan.images)))
    return list(scan.findings)


def _image_option(value: str, context: Context) -> list[Finding]:
    try:
        image: ImageRef = parse_image_ref(value, "--image")
    except ValueError as exc:
        shown = visible_whitespace(value)[:200]
        return [finding(
            "DEVCONTAINER_INVALID",
            t("`--image {shown}`: {problem}.", shown=shown, problem=exc),
            _("Give a reference like `myco.azurecr.io/app:1.0`, `ghcr.io/owner/image:tag` or "
              "`registry:5000/team/app@sha256:<digest>`."),
            title=_("The --image value is not an image reference"),
        )]
    context.images = [image]
    return []


# --- daemon -----------------------------------------------------------------------------------


def _daemon(diagnosis: Diagnosis) -> str:
    options = diagnosis.options
    if options.offline or options.no_daemon:
        return "not-checked"
    from tui.registry.daemon_ping import ping_daemon  # socket: only when a daemon is asked

    diagnosis.report(STEP, "docker daemon", "ping", "running")
    state = ping_daemon(options.environ, options.timeout)
    diagnosis.report(STEP, "docker daemon", "ping", "pass" if state == "available" else "skip",
                     state)
    return state


def _daemon_place(environ) -> str:
    host = (environ.get("DOCKER_HOST") or "").strip()
    return f"`DOCKER_HOST={host}`" if host else "`/var/run/docker.sock`"


def _store(diagnosis: Diagnosis, context: Context) -> None:
    """Copy the new context into the diagnosis's object (screens may hold a reference to it)."""
    target = diagnosis.context
    for name in fields(Context):
        setattr(target, name, getattr(context, name))
