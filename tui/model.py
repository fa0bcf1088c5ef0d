"""The data every check produces and every view renders: findings, secret sets, images, steps.

Plain records only (`tui.record`): no I/O, no Textual, no Rich.
"""

from __future__ import annotations

from enum import Enum

from tui.i18n import N_, _, ngettext
from tui.record import field, record
from tui.steps import STEP_IDS, STEP_TITLES  # noqa: F401 - re-exported: the step table

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.steps import StepStatus


class Severity(str, Enum):
    """How bad a finding is; `error` fails `check` (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the worst first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


KIND_LABELS: dict[str, str] = {
    "empty": N_("empty"),
    "classic-pat": N_("classic PAT"),
    "fine-grained-pat": N_("fine-grained PAT"),
    "github-token": N_("GitHub token"),
    "docker-pat": N_("Docker PAT"),
    "aws-secret-key": N_("AWS secret key"),
    "ecr-token": N_("ECR token"),
    "gcr-json-key": N_("GCR JSON key"),
    "jwt": N_("JWT"),
    "password": N_("password"),
}
"""Every `Secret.kind` and how a person reads it (message ids: `_()` where shown)."""

_GITHUB_TOKEN_PREFIXES = ("gho_", "ghu_", "ghs_", "ghr_")
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def secret_kind(value: str) -> str:
    """What a secret value looks like, from its shape alone (see KIND_LABELS)."""
    text = value.strip()
    if not text:
        return "empty"
    if text.startswith("ghp_"):
        return "classic-pat"
    if text.startswith("github_pat_"):
        return "fine-grained-pat"
    if text.startswith(_GITHUB_TOKEN_PREFIXES):
        return "github-token"
    if text.startswith("dckr_pat_"):
        return "docker-pat"
    if text.startswith("eyJwYXlsb2Fk"):  # base64 of '{"payload': an ECR authorization token
        return "ecr-token"
    if (text.startswith("{") and "private_key" in text) or text.startswith("ewogICJ0eXBlIjog"):
        return "gcr-json-key"
    if text.count(".") == 2 and text.startswith("eyJ"):
        return "jwt"
    if len(text) == 40 and set(text) <= _BASE64_CHARS and "=" not in text:
        return "aws-secret-key"
    return "password"


class Secret:
    """A secret value that never prints itself.

    `str()`, `repr()` and f-strings give the masked form; only `reveal()` gives the value,
    and only code that sends it to a registry or to AWS calls it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The raw value: for the wire only, never for output."""
        return self._value

    @property
    def length(self) -> int:
        return len(self._value)

    @property
    def kind(self) -> str:
        """What the value looks like (`classic-pat`, `ecr-token`, `password` …): never its form."""
        return secret_kind(self._value)

    def masked(self) -> str:
        """`•••• (36 chars, classic PAT)`: the length and the kind, no hash, prefix or suffix."""
        return ngettext("•••• ({count} char, {kind})", "•••• ({count} chars, {kind})",
                        self.length).format(count=self.length, kind=_(KIND_LABELS[self.kind]))

    def __str__(self) -> str:
        return self.masked()

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return self.masked()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self):  # pragma: no cover - refuse to pickle the raw value
        raise TypeError("a Secret cannot be pickled")


REACHED_SOURCES = ("environment", "env-file")
"""Where a variable has reached this codespace (SPEC: one notion across Secrets, Names &
values and GitHub): the environment, or the `--env-file` that stands in for it (and overrides
it, so it comes last)."""


@record(frozen=True)
class Variable:
    """One environment variable as found: its name, value and where it came from.

    `source` is one of `environment`, `env-file`, `codespaces-env-secrets`.
    A variable whose name says PASSWORD/TOKEN/SECRET/KEY holds a `Secret`.
    """

    name: str
    value: str | Secret
    source: str

    @property
    def text(self) -> str:
        """The value as a string for checks (the raw value even for secrets: never print it)."""
        return self.value.reveal() if isinstance(self.value, Secret) else self.value


@record
class SecretSet:
    """The SERVER/USER/PASSWORD variables sharing one identifier.

    `<prefix>_CONTAINER_REGISTRY_SERVER`, `..._USER`, `..._PASSWORD`.
    """

    prefix: str
    server: Variable | None = None
    user: Variable | None = None
    password: Variable | None = None
    kind: str = "generic"
    """acr | ecr | dockerhub | ghcr | gcr | artifact-registry | generic"""
    host: str | None = None
    """The registry host[:port] the server value names (normalised), when it names one."""

    @property
    def source(self) -> str:
        for var in (self.password, self.user, self.server):
            if var is not None:
                return var.source
        return "environment"

    @property
    def secret(self) -> Secret | None:
        """The password as a Secret (None when absent)."""
        if self.password is None:
            return None
        value = self.password.value
        return value if isinstance(value, Secret) else Secret(value)

    @property
    def complete(self) -> bool:
        return None not in (self.server, self.user, self.password)


@record(frozen=True)
class ImageRef:
    """An OCI reference the codespace must pull (image, FROM, compose image, feature)."""

    ref: str
    """As written (after ARG substitution)."""
    host: str
    """Registry host[:port]; `docker.io` for Docker Hub."""
    repository: str
    """Path inside the registry; Docker Hub one-segment names get `library/`."""
    reference: str
    """Tag or digest (`latest` by default)."""
    source: str
    """Where it was found, relative to the workspace (e.g. `.devcontainer/devcontainer.json`)."""
    role: str = "image"
    """image | dockerfile | compose | feature: the part of the configuration that names it."""
    platform: str | None = None
    kind: str = "image"
    """What is pulled: `image` (a container image the dev container runs or builds on),
    `copy-from` (an image a Dockerfile copies or mounts files from), `dockerfile-syntax` (the
    BuildKit frontend of a `# syntax=` line) or `feature` (a dev container Feature artifact)."""


ACTORS: tuple[str, ...] = (
    "you", "repository-admin", "organization-owner", "package-admin", "registry-admin", "github",
)
"""Who can make a fix, in the order the reports group them."""


@record(frozen=True)
class Finding:
    """One thing the diagnosis found: a code from the catalogue, filled in."""

    code: str
    severity: Severity
    step: str
    title: str
    detail: str
    fix: str
    secret_set: str | None = None
    image: str | None = None
    stage: str | None = None
    """For login/pull findings: the stage that failed (dns, tcp, tls, challenge, ...)."""
    actor: str = "you"
    """Who can make the fix (SPEC, Causes and remedies): one of `ACTORS`."""
    lead: bool = False
    """The cause of at least one failing image or Feature (set by `tui.causes`)."""
    explains: tuple[str, ...] = ()
    """Codes of generic findings this finding's cause makes moot (the cause model lowers
    them); not part of the report."""

    def to_json(self) -> dict:
        data = {
            "code": self.code,
            "severity": self.severity.value,
            "step": self.step,
            "secret_set": self.secret_set,
            "image": self.image,
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix,
            "actor": self.actor,
            "lead": self.lead,
        }
        if self.stage is not None:
            data["stage"] = self.stage
        return data


@record
class Rung:
    """One stage a subject went through, as the probe reported it (`tui.steps` names it)."""

    stage: str
    status: StepStatus
    """pass | warn | fail | skip (what happened; running stages are not rungs yet)"""
    seconds: float | None = None
    note: str = ""
    """What was proven (`TLSv1.3, certificate verified for myco.azurecr.io`) or why it failed."""

    def to_json(self) -> dict[str, object]:
        return {"stage": self.stage, "status": self.status, "seconds": self.seconds,
                "note": self.note or None}


@record
class SubjectLadder:
    """The stages one subject (a secret set, an image, an AWS key) climbed in one step."""

    subject: str
    rungs: list[Rung] = field(default_factory=list)
    note: str = ""
    """A verdict on the whole subject (why it was not probed)."""

    @property
    def failed_stage(self) -> str | None:
        """The stage that failed, if one did."""
        return next((r.stage for r in self.rungs if r.status == "fail"), None)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"subject": self.subject,
                                   "stages": [r.to_json() for r in self.rungs]}
        if self.note:
            data["note"] = self.note
        return data


@record
class StepResult:
    """What one step produced."""

    id: str
    status: StepStatus = "skip"
    """pass | warn | fail | skip"""
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    note: str = ""
    """Why the step was skipped, or a one-line summary."""
    ladders: list[SubjectLadder] = field(default_factory=list)
    """What the step proved per subject, in the order of the sets and images."""

    @staticmethod
    def status_of(findings: list[Finding]) -> StepStatus:
        if any(f.severity is Severity.ERROR for f in findings):
            return "fail"
        if any(f.severity is Severity.WARNING for f in findings):
            return "warn"
        return "pass"


@record
class Context:
    """Where the diagnosis runs: codespace markers, the workspace and its images."""

    codespace: bool = False
    recovery: bool = False
    recovery_reason: str | None = None
    repository: str | None = None
    codespace_name: str | None = None
    docker_daemon: str = "not-checked"
    """available | absent | error | not-checked"""
    workspace: str | None = None
    devcontainer: str | None = None
    """Path of the devcontainer.json used, relative to the workspace."""
    images: list[ImageRef] = field(default_factory=list)
    creation_log_class: str | None = None
    """The creation log's class (SPEC), `unclassified` for an unknown failure, None for none."""
    image_sources: list[str] = field(default_factory=list)
    """Per devcontainer.json: which image source the dev containers CLI uses and which it
    ignores, and how Feature ids were read (`.devcontainer/devcontainer.json: uses image; …`)."""
