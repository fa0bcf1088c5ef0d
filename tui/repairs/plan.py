"""From findings to repairs: the SPEC's table, and nothing beyond it (pure, no I/O).

A repair is planned only where the diagnosis knows enough to make it exactly: the secret's
level and repositories from the GitHub step, this repository's id, the value that reached
the codespace. Anything else stays a hand-over (`describe` gives None). Never planned: a
visibility change, "all repositories", a package setting, an organization policy, the Docker
configuration.
"""

from __future__ import annotations

from tui.checks.diagnosis import Diagnosis
from tui.github.facts import LEVEL_ORDER, GithubFacts, GithubSecret
from tui.github.levels import Level
from tui.i18n import _, ngettext, t
from tui.model import Finding, ImageRef, Variable
from tui.repairs.model import Op, Repair, aws_rights, scope_of
from tui.secretsets.patterns import FIELDS, near_miss
from tui.secretsets.servers import DOCKERHUB_SERVER, PREFIX_BY_KIND, parse_server
from tui.secretsets.values import clean

VALUE_CODES = frozenset({"SECRET_VALUE_WHITESPACE", "SECRET_VALUE_QUOTED",
                         "DOCKERHUB_SERVER_VALUE", "SERVER_HAS_SCHEME", "SERVER_HAS_PATH"})
TYPED_CODES = frozenset({"SECRET_SET_INCOMPLETE", "NO_REGISTRY_SECRETS",
                         "IMAGE_REGISTRY_UNCOVERED", "LOGIN_UNAUTHORIZED", "ECR_TOKEN_EXPIRED"})
REPAIRABLE = VALUE_CODES | TYPED_CODES | {"SECRET_NOT_GRANTED", "SECRET_NAME_MISSPELLED",
                                          "ECR_PERMISSION_MISSING"}
"""The codes of the SPEC's table of repairs."""

REACHED = ("environment", "codespaces-env-secrets")
"""Where a value that came from GitHub is found (an --env-file value never was on GitHub)."""
USER = Level("user")


def plan(diagnosis: Diagnosis) -> list[Repair]:
    """Every repair the findings allow, once each, in the order of the fixes."""
    repairs: dict[tuple[str, tuple[str, ...]], Repair] = {}
    for item in diagnosis.fixes_in_order():
        for repair in repairs_for(item, diagnosis):
            repairs.setdefault(repair.key, repair)
    return list(repairs.values())


def describe(finding: Finding, diagnosis: Diagnosis) -> dict[str, object] | None:
    """The finding's `repair` field: what `fix` would do first (None: hand-over only)."""
    found = repairs_for(finding, diagnosis)
    return found[0].describe() if found else None


def repairs_for(finding: Finding, diagnosis: Diagnosis) -> list[Repair]:
    """The repairs one finding allows (empty when it can only be handed over)."""
    if finding.code not in REPAIRABLE:
        return []
    facts = diagnosis.handoff.github_facts
    if finding.code == "ECR_PERMISSION_MISSING":
        return _policy(finding, diagnosis)
    if facts is None or facts.repo is None or facts.repo.id is None:
        return []  # without GitHub's answers nothing can be written exactly
    if finding.code == "SECRET_NOT_GRANTED":
        return _grants(finding, facts)
    if finding.code == "SECRET_NAME_MISSPELLED":
        return _rename(finding, diagnosis, facts)
    if finding.code in VALUE_CODES:
        return _values(finding, diagnosis, facts)
    return _typed(finding, diagnosis, facts)


# --- SECRET_NOT_GRANTED ------------------------------------------------------------------

def _grants(finding: Finding, facts: GithubFacts) -> list[Repair]:
    assert facts.repo is not None and facts.repo.id is not None
    repo_id = facts.repo.id
    label = finding.secret_set or ""
    refused = [s for s in facts.secrets
               if s.granted is False and s.visibility == "selected"
               and s.level in ("user", "organization") and _label(s.prefix) == label]
    if not refused:
        return []  # `private` with a public repository: only a visibility change would do
    ops, requests, undo = [], [], []
    for secret in refused:
        level = _level_of(secret, facts)
        ops.append(Op("grant", secret.name, level, repository_id=repo_id))
        requests.append(f"PUT {level.grant(secret.name, repo_id)}")
        undo.append(f"DELETE {level.grant(secret.name, repo_id)}")
    names = tuple(s.name for s in refused)
    needs = scope_of(_level_of(refused[0], facts))
    fields = {"repo": facts.repository, "names": _(", ").join(names)}
    if refused[0].level == "organization":
        summary = ngettext("grant {repo} the {org} organization secret {names}",
                           "grant {repo} the {org} organization secrets {names}",
                           len(names)).format(org=refused[0].owner, **fields)
    else:
        summary = ngettext("grant {repo} the user secret {names}",
                           "grant {repo} the user secrets {names}", len(names)).format(**fields)
    return [Repair(finding.code, "grant-secret", names, summary, tuple(requests), needs,
                   tuple(undo), tuple(ops))]


# --- SECRET_NAME_MISSPELLED --------------------------------------------------------------

def _rename(finding: Finding, diagnosis: Diagnosis, facts: GithubFacts) -> list[Repair]:
    wrong = _named_variable(finding, diagnosis.variables)
    if wrong is None or wrong.source not in REACHED:
        return []
    miss = near_miss(wrong.name)
    if miss is None:
        return []
    right = miss.intended(finding.secret_set or "REGISTRY")
    secret = _on_github(facts, wrong.name)
    if secret is None:
        return []
    level = _level_of(secret, facts)
    repairs: list[Repair] = []
    exists = any(s.name.upper() == right and s.level == secret.level for s in facts.secrets)
    if not exists:
        put = _put_op(secret, level, right, facts, source=wrong.name, correct="clean")
        if put is None:
            return []
        repairs.append(Repair(
            finding.code, "rename-secret", (right,),
            t("store the value of {wrong} as {right} ({level}, the same repositories)",
              wrong=wrong.name, right=right, level=_level_word(secret)),
            (f"GET {level.public_key}", f"PUT {level.secret(right)}"), scope_of(level),
            (f"DELETE {level.secret(right)}",), (put,)))
    repairs.append(Repair(
        finding.code, "delete-secret", (wrong.name,),
        t("delete the misspelled {level} {name}", level=_level_word(secret), name=wrong.name)
        if exists else t("delete the misspelled {level} {name} (after {right} is stored)",
                         level=_level_word(secret), name=wrong.name, right=right),
        (f"DELETE {level.secret(wrong.name)}",), scope_of(level),
        (t("{request} with its old value (it reached this codespace as {name})",
           request=f"PUT {level.secret(wrong.name)}", name=wrong.name),),
        (Op("delete", wrong.name, level),)))
    return repairs


# --- values made right -------------------------------------------------------------------

def corrected(name: str, text: str, correct: str) -> str:
    """The value to store: `server` (its host, or Docker Hub's documented value), `clean`
    (without surrounding whitespace and quotes), `as-is`."""
    if correct == "server":
        parsed = parse_server(clean(text))
        return DOCKERHUB_SERVER if parsed.kind == "dockerhub" else parsed.host
    if correct == "clean":
        return clean(text)
    return text


def _values(finding: Finding, diagnosis: Diagnosis, facts: GithubFacts) -> list[Repair]:
    variable = _named_variable(finding, diagnosis.variables)
    if variable is None or variable.source not in REACHED:
        return []
    correct = "server" if variable.name.upper().endswith("_SERVER") else "clean"
    value = corrected(variable.name, variable.text, correct)
    if not value or value == variable.text or any(c in value for c in "\t\r\n"):
        return []  # nothing certain to store: a value with whitespace inside is asked for
    secret = _on_github(facts, variable.name)
    if secret is None:
        return []
    level = _level_of(secret, facts)
    put = _put_op(secret, level, secret.name, facts, source=variable.name, correct=correct)
    if put is None:
        return []
    if correct == "server":
        summary = t("store {name} in the form the registry's credentials are looked up by "
                    "({level}, same name and level)", name=secret.name,
                    level=_level_word(secret))
    else:
        summary = t("store {name} without the stray whitespace and quotes ({level}, same name "
                    "and level)", name=secret.name, level=_level_word(secret))
    return [Repair(
        finding.code, "set-secret", (secret.name,), summary,
        (f"GET {level.public_key}", f"PUT {level.secret(secret.name)}"), scope_of(level),
        (t("{request} with the earlier value (GitHub keeps no copy: type it again)",
           request=f"PUT {level.secret(secret.name)}"),), (put,))]


# --- values the user types ---------------------------------------------------------------

def _typed(finding: Finding, diagnosis: Diagnosis, facts: GithubFacts) -> list[Repair]:
    assert facts.repo is not None and facts.repo.id is not None
    by_prefix = {s.prefix: s for s in diagnosis.secret_sets}
    code = finding.code
    if code in ("NO_REGISTRY_SECRETS", "IMAGE_REGISTRY_UNCOVERED"):
        image = _image(finding, diagnosis)
        if image is None or image.host == "ghcr.io":
            return []
        kind = parse_server(image.host).kind
        prefix = PREFIX_BY_KIND.get(kind, "REGISTRY")
        if prefix in by_prefix or any(s.prefix == prefix for s in facts.secrets):
            return []  # a set of that name exists (here or on GitHub): its own finding leads
        server = DOCKERHUB_SERVER if kind == "dockerhub" else image.host
        fixed = {"SERVER": server}
        ask: tuple[str, ...] = ("USER", "PASSWORD")
        known: dict[str, str] = {}
        host = image.host
        images: tuple[str, ...] = (image.ref,)
    else:
        prefix = finding.secret_set or ""
        secret_set = by_prefix.get(prefix)
        if secret_set is None or secret_set.host is None:
            return []
        fixed = {}
        present = {f for f in FIELDS if getattr(secret_set, f.lower()) is not None}
        ask = (tuple(f for f in FIELDS if f not in present) if code == "SECRET_SET_INCOMPLETE"
               else ("USER", "PASSWORD"))
        if "SERVER" in ask:
            return []  # which registry is meant cannot be typed blind and tested
        if code == "SECRET_SET_INCOMPLETE" and _misspelled_here(diagnosis, prefix, ask):
            return []  # the value is here under another name: the rename repairs it
        known = {f: getattr(secret_set, f.lower()).name for f in FIELDS
                 if f not in ask and getattr(secret_set, f.lower()) is not None}
        host = secret_set.host
        images = tuple(ref for ref, p in diagnosis.handoff.image_sets.items() if p == prefix)
    names = {f: f"{prefix}_CONTAINER_REGISTRY_{f}" for f in FIELDS}
    ops: list[Op] = []
    for f in (*fixed, *ask):
        op = _typed_op(names[f], facts, fixed=fixed.get(f, ""), field="" if f in fixed else f)
        if op is None:
            return []  # it exists on GitHub with repositories not known: not overwritten blind
        ops.append(op)
    stored = tuple(op.name for op in ops)
    levels = {op.level.root: op.level for op in ops if op.level is not None}
    new = all(op.level == USER and op.repository_ids == (facts.repo.id,) for op in ops)
    fields = {"asked": _(", ").join(names[f] for f in ask), "host": host,
              "stored": _(", ").join(stored)}
    if new:
        summary = t("ask for {asked} (typed, not shown), test them at {host}, and store {stored} "
                    "as user secrets for {repo} only", repo=facts.repository, **fields)
    else:
        summary = t("ask for {asked} (typed, not shown), test them at {host}, and store {stored} "
                    "at the level and for the repositories each has now", **fields)
    needs = _(" and ").join(dict.fromkeys(scope_of(level) for level in levels.values()))
    return [Repair(
        code, "set-typed-secrets", stored, summary,
        (*(f"GET {level.public_key}" for level in levels.values()),
         *(f"PUT {op.level.secret(op.name)}" for op in ops if op.level is not None)),
        t("{needs}; the values, typed", needs=needs),
        tuple(f"DELETE {op.level.secret(op.name)}" if op.level == USER and
              _on_github(facts, op.name) is None else
              t("{request} with the earlier value (type it again)",
                request=f"PUT {op.level.secret(op.name)}")
              for op in ops if op.level is not None), tuple(ops),
        typed=tuple(names[f] for f in ask), host=host, images=images, known=known)]


def _typed_op(name: str, facts: GithubFacts, *, fixed: str, field: str) -> Op | None:
    """A user secret for this repository (an existing user secret keeps its repositories
    and gains this one); None when the name lives at another level (handed over)."""
    assert facts.repo is not None and facts.repo.id is not None
    this = facts.repo.id
    secret = _on_github(facts, name)
    if secret is None:
        return Op("put", name, USER, fixed=fixed, field=field, repository_ids=(this,))
    if secret.level != "user" or secret.visibility != "selected" or \
            secret.repository_ids is None:
        return None
    ids = tuple(dict.fromkeys((*secret.repository_ids, this)))
    return Op("put", name, USER, fixed=fixed, field=field, repository_ids=ids,
              visibility="selected")


# --- ECR_PERMISSION_MISSING --------------------------------------------------------------

def _policy(finding: Finding, diagnosis: Diagnosis) -> list[Repair]:
    result = diagnosis.handoff.ecr.get(finding.secret_set or "")
    if result is None or not result.policy or not result.identity_arn:
        return []
    arn = result.identity_arn
    if ":user/" not in arn:
        return []  # a role or a root key: no IAM user to attach a policy to
    user = arn.rsplit("/", 1)[-1]
    from tui.aws.policy import POLICY_NAME

    return [Repair(
        finding.code, "attach-policy", (user,),
        t("attach the least-privilege pull policy {policy} to the IAM user {user}, with your "
          "own AWS credentials (never the secret's)", policy=POLICY_NAME, user=user),
        (f"iam:PutUserPolicy UserName={user} PolicyName={POLICY_NAME}",), aws_rights(),
        (f"iam:DeleteUserPolicy UserName={user} PolicyName={POLICY_NAME}",),
        (Op("iam", user, user_name=user, policy=result.policy),))]


# --- helpers -----------------------------------------------------------------------------

def _label(prefix: str) -> str:
    return prefix or "CONTAINER_REGISTRY_*"


def _level_of(secret: GithubSecret, facts: GithubFacts) -> Level:
    if secret.level == "repository":
        return Level("repository", repo=facts.repository)
    if secret.level == "organization":
        return Level("organization", org=secret.owner)
    return USER


def _level_word(secret: GithubSecret) -> str:
    """`user secret`, `repository secret` or `acme organization secret`, in the current
    language."""
    if secret.level == "organization":
        return t("{org} organization secret", org=secret.owner)
    if secret.level == "repository":
        return _("repository secret")
    return _("user secret")


def _on_github(facts: GithubFacts, name: str) -> GithubSecret | None:
    """The secret of that name on GitHub, at the level that wins (repository first)."""
    found = sorted((s for s in facts.secrets if s.name.upper() == name.upper()),
                   key=lambda s: LEVEL_ORDER[s.level])
    return found[0] if found else None


def _put_op(secret: GithubSecret, level: Level, name: str, facts: GithubFacts, *,
            source: str, correct: str) -> Op | None:
    """The PUT that keeps the level and the repositories (None when they are not known)."""
    if secret.level == "repository":
        return Op("put", name, level, source=source, correct=correct)
    if secret.visibility == "selected":
        if secret.repository_ids is None:
            return None
        return Op("put", name, level, source=source, correct=correct,
                  repository_ids=secret.repository_ids, visibility="selected")
    if secret.level == "organization" and secret.visibility in ("all", "private"):
        return Op("put", name, level, source=source, correct=correct,
                  visibility=secret.visibility)
    return None  # a user secret's other visibilities cannot be written back as they are


def _named_variable(finding: Finding, variables: list[Variable]) -> Variable | None:
    """The variable a value or name finding is about (named in its detail), as it reached
    the codespace (the environment before `.env-secrets`)."""
    named = [v for v in variables if f"`{v.name}`" in finding.detail]
    named.sort(key=lambda v: (len(v.name) * -1, REACHED.index(v.source)
                              if v.source in REACHED else 9))
    return named[0] if named else None


def _misspelled_here(diagnosis: Diagnosis, prefix: str, fields: tuple[str, ...]) -> bool:
    """A variable off the pattern that reached the codespace and is meant for one of them."""
    for variable in diagnosis.variables:
        miss = near_miss(variable.name) if variable.source in REACHED else None
        if miss is not None and miss.field in fields and miss.prefix in (prefix, None):
            return True
    return False


def _image(finding: Finding, diagnosis: Diagnosis) -> ImageRef | None:
    images = list(diagnosis.context.images)
    if finding.image:
        return next((i for i in images if i.ref == finding.image), None)
    uncovered = [i for i in images if diagnosis.handoff.image_sets.get(i.ref, "") is None]
    return uncovered[0] if len(uncovered) == 1 else None
