"""The one step table: every step of the diagnosis and of the wizard, in order.

Everything that lists steps is derived from `STEPS`: the diagnosis order and which module
checks each step (`tui.checks.diagnosis`), which steps need the network (skipped by
`--offline`), the wizard's indicator, keys `1`–`N`, palette and help, the ladders' stages,
the screens, the text / JSON / Markdown reports, `explain` and `docs/findings.md`.

Adding a step: one `Step(...)` here, a checker module in `tui/checks/`, a screen module in
`tui/app/screens/`, and its codes in `tui/catalogue.py` (see docs/architecture.md).

Plain data only: no Textual, no Rich, no I/O (the start-up path imports this).
"""

from __future__ import annotations

from tui.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal

    StepStatus = Literal["pass", "warn", "fail", "skip"]
    StageState = Literal["pending", "running", "pass", "warn", "fail", "skip"]


@record(frozen=True)
class Step:
    """One step: what it is called, what checks it, what it shows and what it needs first."""

    id: str
    """Stable id: JSON `steps[].id`, finding `step`, catalogue `step`."""
    title: str
    """Short title: indicator, headings, reports."""
    intro: str = ""
    """One or two sentences at the top of the step's screen."""
    checker: str | None = None
    """Module with `run(diagnosis) -> list[Finding]` (None: the wizard-only Summary)."""
    network: bool = False
    """Talks to a registry, a daemon or a cloud API: `--offline` skips it."""
    stages: tuple[str, ...] = ()
    """The ladder each subject of this step climbs (empty: no ladder)."""
    screen: str = ""
    """`module:Class` of the wizard screen, imported when first shown."""
    needs: tuple[str, ...] = ()
    """Steps whose results this one reads (they always come earlier in `STEPS`)."""


STEPS: tuple[Step, ...] = (
    Step(
        "context", "Context",
        intro="Welcome to registry-doctor. It finds out why this codespace cannot pull its dev "
        "container image, names the cause and says what to change.",
        checker="tui.checks.context",
        screen="tui.app.screens.context:ContextScreen",
    ),
    Step(
        "secrets", "Secrets",
        intro="A private registry needs three codespace secrets sharing one identifier: "
        "<*>_CONTAINER_REGISTRY_SERVER, _USER and _PASSWORD.",
        checker="tui.checks.secrets",
        screen="tui.app.screens.secrets:SecretsScreen",
        needs=("context",),
    ),
    Step(
        "naming", "Names & values",
        intro="Names must match the pattern exactly and values must be bare: no quotes, spaces "
        "or newlines. Values are never shown; whitespace appears as ␠ and ⏎.",
        checker="tui.checks.naming",
        screen="tui.app.screens.naming:NamingScreen",
        needs=("context", "secrets"),
    ),
    Step(
        "github", "GitHub",
        intro="GitHub's API knows what the codespace cannot see from inside: which secrets "
        "exist, whom they are granted to, and who may read the image's package. It needs a "
        "token; the token is never shown.",
        checker="tui.checks.github",
        network=True,
        screen="tui.app.screens.github:GithubScreen",
        needs=("context", "secrets"),
    ),
    Step(
        "login", "Login",
        intro="Each complete secret set logs in to its registry as `docker login` would, "
        "without a daemon: DNS → TCP → TLS → challenge → credentials.",
        checker="tui.checks.login",
        network=True,
        stages=("dns", "tcp", "tls", "challenge", "credentials"),
        screen="tui.app.screens.login:LoginScreen",
        needs=("context", "secrets"),
    ),
    Step(
        "pull", "Pull",
        intro="Each image is read as `docker pull` would, with the covering set's credentials "
        "or anonymously: token → manifest → platform → one layer.",
        checker="tui.checks.pull",
        network=True,
        stages=("token", "manifest", "platform", "layer"),
        screen="tui.app.screens.pull:PullScreen",
        needs=("context", "secrets", "naming", "github", "login"),
    ),
    Step(
        "ecr", "ECR",
        intro="For AWS ECR, GitHub either swaps an access key for a registry token (which "
        "needs IAM rights) or uses a registry token directly (USER = AWS).",
        checker="tui.checks.ecr",
        network=True,
        stages=("identity", "token", "rights"),
        screen="tui.app.screens.ecr:EcrScreen",
        needs=("context", "secrets", "login"),
    ),
    Step(
        "summary", "Summary",
        screen="tui.app.screens.summary:SummaryScreen",
        needs=("context", "secrets", "naming", "github", "login", "pull", "ecr"),
    ),
)
"""Every step, in the order the guide takes them (the wizard's order)."""

BY_ID: dict[str, Step] = {step.id: step for step in STEPS}

CHECKED: tuple[Step, ...] = tuple(step for step in STEPS if step.checker)
"""The steps the diagnosis runs (all but the Summary)."""

STEP_IDS: tuple[str, ...] = tuple(step.id for step in CHECKED)
"""Ids of the diagnosis steps, in order."""

STEP_TITLES: dict[str, str] = {step.id: step.title for step in CHECKED}

WIZARD_STEPS: tuple[str, ...] = tuple(step.id for step in STEPS)
"""Ids of the wizard's screens, in order (the diagnosis steps and the Summary)."""

WIZARD_TITLES: dict[str, str] = {step.id: step.title for step in STEPS}

NETWORK_STEPS: frozenset[str] = frozenset(step.id for step in CHECKED if step.network)

LADDER_STAGES: dict[str, tuple[str, ...]] = {s.id: s.stages for s in STEPS if s.stages}

STAGE_ORDER: tuple[str, ...] = (
    "dns", "tcp", "tls", "challenge", "token", "credentials", "manifest", "platform", "layer",
)
"""The one stage vocabulary of the registry probe, in the order a pull climbs it: the probe
emits these names, the screens and reports show them (the ECR step adds `identity`,
`rights` and `registry`)."""

STAGE_LABELS: dict[str, str] = {
    "dns": "DNS", "tcp": "TCP", "tls": "TLS", "challenge": "challenge",
    "credentials": "credentials", "token": "token", "manifest": "manifest",
    "platform": "platform", "layer": "layer", "identity": "identity", "rights": "rights",
    "registry": "registry", "read": "read",
}
"""How each stage is written on screen and in reports (message ids: `_()` where shown)."""


def step(step_id: str) -> Step:
    """The table's record of `step_id` (KeyError for an unknown id)."""
    return BY_ID[step_id]


def number(step_id: str) -> int:
    """The step's number in the wizard, from 1 (`4` for `github`): fix texts name steps so."""
    return WIZARD_STEPS.index(step_id) + 1


def step_ref(step_id: str) -> str:
    """`the Pull step (6)`: how a fix text points at another step (never a literal number)."""
    return f"the {BY_ID[step_id].title} step ({number(step_id)})"
