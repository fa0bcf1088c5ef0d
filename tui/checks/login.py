"""The login step: per secret set, what `docker login SERVER` checks, without a daemon.

Each complete set that names a host gets a staged probe (DNS → TCP → TLS → `/v2/` challenge
→ token → login) run concurrently; its ladder lands in `diagnosis.handoff.login[prefix]`.
Sets of ECR access keys are left to the ECR step. When a Docker daemon answers (and
`--no-daemon` is off) the daemon's login is compared too (DOCKER_LOGIN_FAILED).

Library functions for other steps live in `tui.registry.probe` (`probe_login`, `probe_pull`).
"""

from __future__ import annotations

from tui.aws.formats import is_ecr_key_user
from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.i18n import _, t
from tui.model import Finding, SecretSet, Severity
from tui.registry.probe import Ladder, Stage, probe_login
from tui.registry.probe.ladder import release_warm
from tui.registry.probe.parallel import concurrently
from tui.secretsets.fixes import where_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.steps import StageState



def not_contacted() -> str:
    """Why a subject outside this machine is skipped when `Options.loopback_only` is set."""
    return _("demo: not contacted (only the demo registries on 127.0.0.1 are)")


def is_ecr_key_set(secret_set: SecretSet) -> bool:
    """An ECR set holding an access key (the ECR step swaps it for a token first)."""
    user = secret_set.user.text.strip() if secret_set.user else ""
    return secret_set.kind == "ecr" and is_ecr_key_user(user)


def daemon_wanted(diagnosis: Diagnosis) -> bool:
    """The daemon path runs when a daemon answers and `--no-daemon` is off."""
    return diagnosis.context.docker_daemon == "available" and not diagnosis.options.no_daemon


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Probe every complete set concurrently; findings in the order of the sets."""
    candidates = [s for s in diagnosis.secret_sets if s.complete and s.host]
    if not candidates:
        raise StepSkipped(_("no complete secret set names a registry"))
    results: dict[str, Ladder] = diagnosis.handoff.login
    release_warm(results.values())  # a re-run: what the last run kept is not for this one
    to_probe = []
    for secret_set in candidates:
        if is_ecr_key_set(secret_set):
            ladder = Ladder(subject=secret_set.prefix, host=secret_set.host or "")
            ladder.stages.append(Stage("credentials", "skip", 0.0, _(
                "ECR access keys: the ECR step swaps them for a registry token and logs in with "
                "it")))
            results[secret_set.prefix] = ladder
            diagnosis.report("login", secret_set.prefix, "login", "skip",
                             _("checked by the ECR step"))
        elif not diagnosis.options.may_contact(secret_set.host or ""):
            ladder = Ladder(subject=secret_set.prefix, host=secret_set.host or "")
            ladder.stages.append(Stage("login", "skip", 0.0, not_contacted()))
            results[secret_set.prefix] = ladder
            diagnosis.report("login", secret_set.prefix, "login", "skip", not_contacted())
        else:
            to_probe.append(secret_set)
    if not to_probe and any(is_ecr_key_set(s) for s in candidates):
        raise StepSkipped("only ECR access-key sets: the ECR step checks them")
    if not to_probe:
        raise StepSkipped(not_contacted())
    for secret_set in to_probe:  # known to the redactor before any thread reports
        if secret_set.secret is not None:
            diagnosis.redactor.add(secret_set.secret)
    ladders = concurrently(lambda s: _check_set(diagnosis, s), to_probe)
    findings: list[Finding] = []
    for secret_set, (ladder, extra) in zip(to_probe, ladders, strict=True):
        results[secret_set.prefix] = ladder
        findings.extend(extra)
    return findings


def _check_set(diagnosis: Diagnosis, secret_set: SecretSet) -> tuple[Ladder, list[Finding]]:
    prefix = secret_set.prefix
    host = secret_set.host or ""
    user = secret_set.user.text if secret_set.user else ""
    options = diagnosis.options

    def progress(stage: str, state: StageState, detail: str, seconds: float | None = None) -> None:
        diagnosis.report("login", prefix, stage, state, detail, seconds)

    daemon_call = None
    if daemon_wanted(diagnosis) and secret_set.secret is not None:
        from tui.registry import daemon

        # The daemon's login runs beside the direct probe, so the two bounds overlap.
        daemon_call = daemon.in_background(
            daemon.daemon_login, host, user, secret_set.secret, options,
        )
    ladder = probe_login(host, user, secret_set.secret, options, on_stage=progress,
                         keep=_pull_follows(diagnosis, secret_set))
    ladder.subject = prefix
    ladder.scrub(diagnosis.redactor)
    findings: list[Finding] = []
    if ladder.warnings or ladder.failure is not None:  # a passing login needs no fix texts
        from tui.registry.findings import Subject, finding_from

        where = where_of(diagnosis)
        subject = Subject(host=host, step="login", prefix=prefix, user=user, repo=where.repo,
                          timeout=options.timeout, where=where, source=secret_set.source)
        findings = [finding_from(w, subject) for w in ladder.warnings]
        if ladder.failure is not None:
            ladder.finding = finding_from(ladder.failure, subject)
            findings.append(ladder.finding)
    progress("login", "pass" if ladder.ok else "fail", "")
    if daemon_call is not None:
        extra = _daemon_login(diagnosis, secret_set, ladder, daemon_call.result())
        if extra is not None:
            findings.append(extra)
    return ladder, findings


def _pull_follows(diagnosis: Diagnosis, secret_set: SecretSet) -> bool:
    """Whether the pull step will probe an image with this set (so the login's connection
    is worth keeping for it): the set covers an image, as the pull chooses sets."""
    from tui.registry.coverage import covers

    return any(covers(secret_set, image) for image in diagnosis.context.images)


def _daemon_login(
    diagnosis: Diagnosis, secret_set: SecretSet, ladder: Ladder, result,
) -> Finding | None:
    host = secret_set.host or ""
    message = diagnosis.redactor(result.message)
    ladder.facts["daemon"] = {"ok": result.ok, "code": result.code, "message": message}
    if not result.reachable or result.ok == ladder.ok:
        return None
    if ladder.ok:
        detail = (t("The direct login to {host} passed, but the Docker daemon's login fails "
                    "({code}): {message}", host=host, code=result.code, message=message)
                  if result.code else
                  t("The direct login to {host} passed, but the Docker daemon's login fails: "
                    "{message}", host=host, message=message))
        return finding(
            "DOCKER_LOGIN_FAILED",
            detail=detail,
            fix=t("The daemon sees the registry differently: check its proxy settings "
                  "(`/etc/systemd/system/docker.service.d/*.conf`, `~/.docker/config.json` "
                  "proxies), `registry-mirrors` and `insecure-registries` in "
                  "`/etc/docker/daemon.json`, and `{certs}`.",
                  certs=f"/etc/docker/certs.d/{host}/"),
            secret_set=secret_set.prefix, stage="daemon", step="login",
        )
    return finding(
        "DOCKER_LOGIN_FAILED",
        detail=t("The Docker daemon says `{message}` for {host}, but the direct check failed "
                 "({code}): the daemon is more lenient (it skips certificate checks on "
                 "127.0.0.0/8 and insecure registries); Codespaces is not.", message=message,
                 host=host, code=ladder.failure.code if ladder.failure else "?"),
        fix=_("Fix the cause the direct check names; do not rely on the daemon's success."),
        severity=Severity.WARNING,
        title=_("The Docker daemon's login passes where the direct check fails"),
        secret_set=secret_set.prefix, stage="daemon", step="login",
    )
