"""Make one repair: its GitHub writes or its IAM call, exactly the requests it lists.

Values live in memory only: the one that reached the codespace (made right), or the ones
the user typed (tested with the Login and Pull probes first; stored only when they work).
Every outcome is an `Outcome` whose text names things, never a value.
"""

from __future__ import annotations

from tui.checks.diagnosis import Diagnosis
from tui.github.api import ApiRefused, GithubClient
from tui.github.levels import Level
from tui.github.writes import PublicKey, delete_secret, grant, public_key, put_secret
from tui.i18n import _, t
from tui.model import ImageRef, Secret
from tui.record import record
from tui.repairs.model import Op, Repair
from tui.repairs.plan import corrected


@record(frozen=True)
class Outcome:
    """`applied`, `failed` or `not-allowed` (refused for want of a scope or right)."""

    status: str
    message: str


def scope_hint(refused: ApiRefused, level: Level | None) -> str:
    """A refusal as one line, with the command that adds the scope when one is missing."""
    refusal = refused.refusal
    if refusal.kind == "scope" or (refusal.kind == "not-visible" and level is not None
                                   and level.kind == "user"):
        scope = ("admin:org" if level is not None and level.kind == "organization"
                 else "repo" if level is not None and level.kind == "repository" else "codespace")
        wanted = ",".join(refusal.accepted_scopes) or scope
        return t("{refusal}. Add the scope: `gh auth refresh -s {scope}`, then run "
                 "`GH_TOKEN=$(gh auth token) registry-doctor fix` again.",
                 refusal=refusal.detail, scope=wanted)
    return refusal.detail


def apply_repair(repair: Repair, diagnosis: Diagnosis, client: GithubClient | None,
                 typed: dict[str, Secret] | None = None) -> Outcome:
    """Make the repair; `typed` holds the values the user typed (secret name → value)."""
    typed = typed or {}
    if repair.typed:
        missing = [n for n in repair.typed if not typed.get(n)]
        if missing:
            return Outcome("skipped", t("no value typed for {names}",
                                        names=_(", ").join(missing)))
        verdict = test_values(repair, diagnosis, typed)
        if verdict:
            return Outcome("failed", t("not stored: {reason}", reason=verdict))
    if repair.action == "attach-policy":
        return _attach(repair.ops[0], diagnosis)
    if client is None:
        return Outcome("not-allowed", _("no GitHub token: set `GH_TOKEN=$(gh auth token)`"))
    keys: dict[str, PublicKey] = {}
    op: Op | None = None
    try:
        for op in repair.ops:
            _write(op, diagnosis, client, typed, keys)
    except ApiRefused as refused:
        level = op.level if op is not None else None
        status = "not-allowed" if refused.refusal.kind in ("scope", "not-visible") else "failed"
        return Outcome(status, scope_hint(refused, level))
    return Outcome("applied", repair.summary)


def _write(op: Op, diagnosis: Diagnosis, client: GithubClient, typed: dict[str, Secret],
           keys: dict[str, PublicKey]) -> None:
    assert op.level is not None
    if op.kind == "grant":
        grant(client, op.level, op.name, op.repository_id)
    elif op.kind == "delete":
        delete_secret(client, op.level, op.name)
    elif op.kind == "put":
        value = _value(op, diagnosis, typed)
        root = op.level.root
        if root not in keys:
            keys[root] = public_key(client, op.level)
        put_secret(client, op.level, op.name, value, list(op.repository_ids), op.visibility,
                   key=keys[root])


def _value(op: Op, diagnosis: Diagnosis, typed: dict[str, Secret]) -> Secret:
    if op.fixed:
        return Secret(op.fixed)
    if op.field:
        return typed[op.name]
    variable = next(v for v in _reached(diagnosis) if v.name == op.source)
    return Secret(corrected(variable.name, variable.text, op.correct))


def _reached(diagnosis: Diagnosis):
    order = {"environment": 0, "codespaces-env-secrets": 1}
    return sorted((v for v in diagnosis.variables if v.source in order),
                  key=lambda v: order[v.source])


def _known(repair: Repair, diagnosis: Diagnosis, typed: dict[str, Secret],
           field: str) -> str | None:
    for op in repair.ops:
        if op.name.endswith(f"_{field}") and (op.fixed or op.field):
            return op.fixed or typed[op.name].reveal()
    name = repair.known.get(field)
    variable = next((v for v in _reached(diagnosis) if v.name == name), None)
    if variable is None and name is not None:
        variable = next((v for v in diagnosis.variables if v.name == name), None)
    return None if variable is None else corrected(variable.name, variable.text, "clean")


def test_values(repair: Repair, diagnosis: Diagnosis, typed: dict[str, Secret]) -> str:
    """Why the typed values do not work ("" when login and every pull pass)."""
    from tui.aws.formats import is_ecr_key_user
    from tui.registry.probe import probe_login, probe_pull

    user = _known(repair, diagnosis, typed, "USER") or ""
    password = _known(repair, diagnosis, typed, "PASSWORD") or ""
    if not user or not password:
        return _("USER and PASSWORD are both needed")
    diagnosis.redactor.add(Secret(password))
    secret = Secret(password)
    if is_ecr_key_user(user):
        swapped = _ecr_token(repair.host, user, secret, diagnosis)
        if isinstance(swapped, str):
            return swapped
        user, secret = "AWS", swapped
    login = probe_login(repair.host, user, secret, diagnosis.options)
    if login.failure is not None:
        return t("the Login probe at {host} failed ({code})", host=repair.host,
                 code=login.failure.code)
    for ref in repair.images:
        image = next((i for i in diagnosis.context.images if i.ref == ref), None)
        if not isinstance(image, ImageRef):
            continue
        pulled = probe_pull(image, user, secret, diagnosis.options)
        if pulled.failure is not None:
            return t("the Pull probe of {image} failed ({code})", image=ref,
                     code=pulled.failure.code)
    return ""


def _ecr_token(host: str, key_id: str, secret_key: Secret,
               diagnosis: Diagnosis) -> Secret | str:
    """The registry token GitHub would swap the keys for, or why there is none."""
    import base64

    from tui.aws.calls import AwsTarget, build_clients, call
    from tui.aws.formats import parse_ecr_host

    parsed = parse_ecr_host(host.lower())
    if parsed is None:
        return t("{host} is not an ECR registry", host=host)
    options = diagnosis.options
    target = AwsTarget(region=parsed.region, fips=parsed.fips, timeout=options.timeout,
                       environ=options.environ)
    clients, problem = build_clients(key_id, secret_key.reveal(), target,
                                     diagnosis.redactor)
    if problem is not None:
        return t("the keys could not be used ({code})", code=problem.code)
    result = call(clients, "ecr", "get_authorization_token", diagnosis.redactor)
    if not result.ok:
        return t("AWS refused the keys ({code})", code=result.code or result.kind)
    data = (result.value.get("authorizationData") or [{}])[0]
    token = base64.b64decode(str(data.get("authorizationToken") or "")).decode()
    secret = Secret(token.partition(":")[2])
    diagnosis.redactor.add(secret)
    return secret


def _attach(op: Op, diagnosis: Diagnosis) -> Outcome:
    """`iam:PutUserPolicy` with the operator's credentials (never the secret's)."""
    from tui.aws.calls import AwsTarget, call, operator_clients, operator_key_id
    from tui.aws.policy import POLICY_NAME

    options = diagnosis.options
    region = options.environ.get("AWS_REGION") or options.environ.get(
        "AWS_DEFAULT_REGION") or "us-east-1"
    clients, problem = operator_clients(AwsTarget(region=region, timeout=options.timeout,
                                                  environ=options.environ))
    if clients is None:
        return Outcome("failed", t("no AWS client ({code})",
                                   code=problem.code if problem else "unknown"))
    own = operator_key_id(clients)
    secret_keys = {v.text.strip() for v in diagnosis.variables
                   if v.name.upper().endswith("_CONTAINER_REGISTRY_USER")}
    secret_keys |= {s.user.text.strip() for s in diagnosis.secret_sets if s.user is not None}
    if own is None:
        return Outcome("not-allowed", _("no AWS credentials of your own (environment or "
                                        "profile): attach the policy by hand, as the finding's "
                                        "fix says"))
    if own in secret_keys:
        return Outcome("not-allowed", _("your AWS credentials are the secret set's key: a "
                                        "repair never uses the secret's keys; use an "
                                        "administrator's credentials"))
    result = call(clients, "iam", "put_user_policy", diagnosis.redactor,
                  UserName=op.user_name, PolicyName=POLICY_NAME, PolicyDocument=op.policy)
    if result.ok:
        return Outcome("applied", t("{policy} attached to the IAM user {user}",
                                    policy=POLICY_NAME, user=op.user_name))
    status = "not-allowed" if result.kind == "denied" else "failed"
    return Outcome(status, t("iam:PutUserPolicy refused ({code}): attach the policy by hand, "
                             "as the finding's fix says", code=result.code or result.kind))
