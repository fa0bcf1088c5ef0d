"""What an ECR pull needs and why, for each ECR secret set (or the documented form): always
available, with or without AWS. Where the ECR step asked AWS, each right says what it found;
elsewhere it says the right is explained only.
"""

from __future__ import annotations

from tui.aws.formats import key_kind, parse_ecr_host
from tui.aws.policy import (
    NOT_NEEDED,
    POLICY_FILE,
    POLICY_NAME,
    policy_json,
    put_user_policy_command,
)
from tui.i18n import _, t
from tui.model import SecretSet
from tui.record import record

DOCUMENTED_SERVER = "<account>.dkr.ecr.<region>.amazonaws.com"
EXAMPLE_ACCOUNT, EXAMPLE_REGION = "123456789012", "eu-west-1"

def rights() -> tuple[tuple[str, str, str], ...]:
    """Every right a pull from private ECR needs: action, where it is granted, and why."""
    return (
        ("ecr:GetAuthorizationToken", "*",
         _("swaps the key for a registry token (GitHub calls it at each start); it has no "
           "resource-level permission, so it must be granted on \"*\"")),
        ("ecr:BatchGetImage", "repository",
         _("reads the image's manifest (which layers, which platform)")),
        ("ecr:GetDownloadUrlForLayer", "repository",
         _("gives the storage address of each layer docker downloads")),
    )


def not_needed_why() -> dict[str, str]:
    """Rights people grant for a pull that it does not need: harmless to grant, not a fault."""
    return {
        "ecr:BatchCheckLayerAvailability": _("docker calls it when it pushes, not when it pulls "
                                             "(AWS's pull-only managed policy omits it)"),
        "sts:GetServiceBearerToken": _("for ECR Public and CodeArtifact, not private ECR"),
        "ecr:Describe*": _("listing calls; a pull makes none"),
    }


def modes() -> dict[str, tuple[str, str]]:
    """Each key mode: its name and what GitHub does with it."""
    return {
        "token": (_("registry token (USER is `AWS`)"),
                  _("GitHub logs in with the token as it is. A token lasts 12 hours at most, so "
                    "the codespace breaks when it expires: prefer an access key.")),
        "long-lived": (_("access key (USER is an `AKIA…` key id, PASSWORD its secret key)"),
                       _("GitHub swaps the key for a 12-hour registry token with "
                         "`ecr:GetAuthorizationToken` each time the codespace starts, then pulls "
                         "with it: the key needs the rights below.")),
        "temporary": (_("temporary key (`ASIA…`)"),
                      _("Temporary keys need a session token, which no secret carries: the swap "
                        "fails. Use a long-lived IAM user key.")),
        "unknown": (_("neither an access key id nor `AWS`"),
                    _("USER must be an IAM user's access key id, or `AWS` with a registry "
                      "token.")),
    }


@record(frozen=True)
class Right:
    """One right a pull needs: what it is, where it is granted, why, and what is known."""

    action: str
    resource: str
    why: str
    status: str
    """allowed | denied | explained (not verified with AWS)"""


@record(frozen=True)
class EcrExplanation:
    """Everything the ECR screen explains about one ECR secret set (or the documented form)."""

    subject: str
    server: str
    account: str
    region: str
    repositories: tuple[str, ...]
    mode: str
    mode_title: str
    mode_text: str
    rights: tuple[Right, ...]
    not_needed: tuple[tuple[str, str], ...]
    """(action, why it is not needed) for rights often granted for a pull."""
    policy: str
    user_name: str
    verified: str
    """What was verified with AWS, or why nothing was."""

    @property
    def console_steps(self) -> str:
        return t("IAM → Users → {user} → Add permissions → Create inline policy → JSON: paste "
                 "the policy, name it {policy}.", user=self.user_name, policy=POLICY_NAME)

    @property
    def command(self) -> str:
        return put_user_policy_command(self.user_name)


def explain_ecr(secret_sets: list[SecretSet], images: list, results: dict,
                why_unverified: str) -> list[EcrExplanation]:
    """One explanation per ECR set; with none, one for the documented server form.

    `results` is the ECR step's `handoff.ecr` (prefix → result with `actions`, possibly
    empty); `why_unverified` says why rights were not asked of AWS when they were not.
    """
    ecr_sets = [s for s in secret_sets if s.kind == "ecr"]
    if not ecr_sets:
        return [_explain(None, DOCUMENTED_SERVER, EXAMPLE_ACCOUNT, EXAMPLE_REGION, ("<name>",),
                         "long-lived", {}, _("no ECR secret set: the documented form, explained"))]
    found = []
    for item in ecr_sets:
        host = item.host or (item.server.text.strip() if item.server else "")
        registry = parse_ecr_host(host) if host else None
        account = registry.account if registry else EXAMPLE_ACCOUNT
        region = registry.region if registry else EXAMPLE_REGION
        repos = tuple(i.repository for i in images if i.host.lower() == host.lower()) or ("*",)
        mode = key_kind(item.user.text.strip()) if item.user else "unknown"
        result = results.get(item.prefix)
        given = _field(result, "actions")
        actions: dict[str, str] = dict(given) if isinstance(given, dict) else {}
        verified = _verified(actions, why_unverified, mode)
        arn = str(_field(result, "identity_arn") or "")
        user = arn.split(":user/", 1)[1].rsplit("/", 1)[-1] if ":user/" in arn else None
        found.append(_explain(item, host or DOCUMENTED_SERVER, account, region, repos, mode,
                              actions, verified, user))
    return found


def _field(result: object, name: str) -> object:
    """A field of the ECR step's result (a record, or a mapping in stored reports)."""
    if isinstance(result, dict):
        return result.get(name)
    return getattr(result, name, None)


def _verified(actions: dict[str, str], why_unverified: str, mode: str) -> str:
    checked = [a for a, state in actions.items() if state in ("allowed", "denied")]
    if mode == "token":
        return _("a registry token is used as it is: no right is asked of AWS (the Login and "
                 "Pull steps test the token)")
    if not checked:
        return t("explained only: {why}", why=why_unverified)
    rest = [a for a in actions if a not in checked]
    if rest:
        return t("verified with AWS: {checked}; explained only: {rest}",
                 checked=", ".join(checked), rest=", ".join(rest))
    return t("verified with AWS: {checked}", checked=", ".join(checked))


def _explain(item: SecretSet | None, server: str, account: str, region: str,
             repositories: tuple[str, ...], mode: str, actions: dict[str, str],
             verified: str, user: str | None = None) -> EcrExplanation:
    needed = tuple(
        Right(action,
              "*" if resource == "*" else
              f"arn:aws:ecr:{region}:{account}:repository/{repositories[0]}",
              why, _status(actions.get(action)))
        for action, resource, why in rights()
    )
    known = modes()
    title, text = known.get(mode, known["unknown"])
    whys = not_needed_why()
    return EcrExplanation(
        subject=item.prefix if item else _("documented form"),
        server=server, account=account, region=region, repositories=repositories,
        mode=mode, mode_title=title, mode_text=text, rights=needed,
        not_needed=tuple((action, whys.get(action) or _("not needed for a pull"))
                         for action in NOT_NEEDED),
        policy=policy_json(region, account, list(repositories)),
        user_name=user or "<iam-user>", verified=verified,
    )


def _status(state: str | None) -> str:
    return state if state in ("allowed", "denied") else "explained"


__all__ = ["POLICY_FILE", "EcrExplanation", "Right", "explain_ecr", "rights"]
