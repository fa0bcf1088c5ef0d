"""The pull step: per image, what a pull needs — without downloading the image.

Each image of the workspace (image, Dockerfile FROM, compose, features) is probed with the
credentials of the secret set naming its host (case-insensitive), or anonymously; ghcr.io
images without a set get the GHCR access decision. Images run concurrently; ladders land in
`diagnosis.handoff.pull[image.ref]`. With a daemon and `--daemon-pull`, the daemon pulls too,
under a deadline (DOCKER_PULL_FAILED when it disagrees).
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.checks.login import daemon_wanted, is_ecr_key_set, not_contacted
from tui.i18n import _, t
from tui.model import Finding, ImageRef, SecretSet, Severity
from tui.record import replace
from tui.registry.coverage import covers, is_ghcr, unused_sets
from tui.registry.probe import Ladder, Stage, probe_pull
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.ladder import Warm, release_warm, take_warm
from tui.registry.probe.parallel import concurrently
from tui.secretsets.fixes import where_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.steps import StageState


def covering_set(image: ImageRef, secret_sets: list[SecretSet]) -> SecretSet | None:
    """The complete set whose server Codespaces would use for the image's registry.

    The same rule as the naming step's coverage check (exact host, as docker looks
    credentials up), so the pull tests what the codespace will do.
    """
    for secret_set in secret_sets:
        if secret_set.complete and covers(secret_set, image):
            return secret_set
    return None


LOGIN_BLOCKS_PULL = frozenset({
    "DNS_FAILED", "CONNECT_REFUSED", "CONNECT_TIMEOUT", "TLS_UNTRUSTED", "TLS_EXPIRED",
    "TLS_HOSTNAME_MISMATCH", "TLS_NOT_TLS", "NOT_A_REGISTRY", "REGISTRY_FORBIDDEN",
    "REGISTRY_SLOW", "LOGIN_UNAUTHORIZED", "TOKEN_SERVICE_FAILED", "REGISTRY_ERROR",
    "RATE_LIMITED",
})
"""A login failure that a pull with the same set would only repeat (and wait for again)."""


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Probe every distinct image concurrently; findings in the order of the images."""
    images: list[ImageRef] = []
    seen: set[str] = set()
    for image in diagnosis.context.images:
        if image.ref not in seen:
            seen.add(image.ref)
            images.append(image)
    if not images:
        raise StepSkipped(_("no image to pull (name one with --image)"))
    results: dict[str, Ladder] = diagnosis.handoff.pull
    for secret_set in diagnosis.secret_sets:  # known to the redactor before any thread reports
        if secret_set.secret is not None:
            diagnosis.redactor.add(secret_set.secret)
    if diagnosis.options.environ.get("GITHUB_TOKEN"):
        diagnosis.redactor.add(diagnosis.options.environ["GITHUB_TOKEN"])
    warm = _warm_sessions(diagnosis, images)
    try:
        outcomes = concurrently(lambda i: _check_image(diagnosis, i, warm.get(i.ref)), images)
    finally:
        release_warm(diagnosis.handoff.login.values())
        for session in warm.values():
            session.close()  # a pull that did not run (its probe closes what it took)
    findings: list[Finding] = []
    for image, (ladder, extra) in zip(images, outcomes, strict=True):
        results[image.ref] = ladder
        findings.extend(extra)
    blocked = [ladder.facts.get("blocked_by_login") for ladder, _ in outcomes]
    if None not in blocked:
        codes = sorted({str(code) for code in blocked})
        raise StepSkipped(t("the login failed ({codes}): fix that first", codes=", ".join(codes)))
    return findings


def _warm_sessions(diagnosis: Diagnosis, images: list[ImageRef]) -> dict[str, Warm]:
    """Image ref → the session its set's passing login kept open for it (one image each)."""
    taken: dict[str, Warm] = {}
    for image in images:
        secret_set = covering_set(image, diagnosis.secret_sets)
        if secret_set is None:
            continue
        warm = take_warm(diagnosis.handoff.login.get(secret_set.prefix), image.host)
        if warm is not None:
            taken[image.ref] = warm
    return taken


def _check_image(diagnosis: Diagnosis, image: ImageRef, warm: Warm | None = None,
                 ) -> tuple[Ladder, list[Finding]]:
    options = diagnosis.options
    secret_set = covering_set(image, diagnosis.secret_sets)
    if secret_set is not None and is_ecr_key_set(secret_set):
        ladder = Ladder(subject=image.ref, host=image.host)
        ladder.stages.append(Stage("pull", "skip", 0.0, _("ECR access keys: the ECR step pulls")))
        diagnosis.report("pull", image.ref, "pull", "skip", _("checked by the ECR step"))
        return ladder, []
    if not options.may_contact(image.host):
        ladder = Ladder(subject=image.ref, host=image.host)
        ladder.stages.append(Stage("pull", "skip", 0.0, not_contacted()))
        diagnosis.report("pull", image.ref, "pull", "skip", not_contacted())
        return ladder, []
    login_ladder = diagnosis.handoff.login.get(secret_set.prefix) if secret_set else None
    login_failure = login_ladder.failure if login_ladder is not None else None
    if secret_set is not None and login_failure is not None and (
        login_failure.code in LOGIN_BLOCKS_PULL
    ):
        code = login_failure.code
        ladder = Ladder(subject=image.ref, host=image.host, failure=None)
        ladder.facts["blocked_by_login"] = code
        ladder.stages.append(Stage("pull", "skip", 0.0, t(
            "the login with {prefix} failed ({code}): fix that first", prefix=secret_set.prefix,
            code=code)))
        diagnosis.report("pull", image.ref, "pull", "skip", t("login failed: {code}", code=code))
        return ladder, []
    user = secret_set.user.text if secret_set and secret_set.user else None
    password = secret_set.secret if secret_set else None

    def progress(stage: str, state: StageState, detail: str, seconds: float | None = None) -> None:
        diagnosis.report("pull", image.ref, stage, state, detail, seconds)

    anonymous = diagnosis.handoff.anonymous_pull
    earlier = anonymous.get(image.ref) if secret_set is None else None
    if earlier is not None and earlier.failure is not None and (
        earlier.failure.code in LOGIN_BLOCKS_PULL
    ):
        ladder = earlier  # the naming step's anonymous probe met this fault already: no second wait
        for stage in ladder.stages:
            progress(stage.name, stage.status, stage.detail, stage.seconds)
    else:
        ladder = probe_pull(image, user, password, options, on_stage=progress, warm=warm)
    ladder.scrub(diagnosis.redactor)
    failure = ladder.failure
    if secret_set is None and is_ghcr(image):
        failure = _ghcr(diagnosis, image, ladder)
        if failure is not None and failure.code == "GHCR_PACKAGE_ACCESS":
            failure = _ghcr_case_from_github(diagnosis, image, failure)
    findings: list[Finding] = []
    if ladder.warnings or failure is not None:  # a passing pull needs no fix texts
        from tui.registry.findings import Subject, finding_from

        prefix = secret_set.prefix if secret_set else None
        where = where_of(diagnosis)
        unused = () if secret_set else tuple(unused_sets(image, diagnosis.secret_sets))
        subject = Subject(host=image.host, step="pull", prefix=prefix, user=user, image=image,
                          repo=where.repo, timeout=options.timeout, where=where,
                          source=secret_set.source if secret_set else None, unused=unused)
        findings = [finding_from(w, subject) for w in ladder.warnings]
        if failure is not None:
            ladder.finding = _confirming(diagnosis, image, finding_from(failure, subject),
                                         secret_set)
            findings.append(ladder.finding)
            findings = _artifact_guess(diagnosis, image, failure, findings)
    progress("pull", "pass" if failure is None else "fail", "")
    if daemon_wanted(diagnosis) and options.daemon_pull:
        extra = _daemon_pull(diagnosis, image, user, password, ladder, failure is None)
        if extra is not None:
            findings.append(extra)
    return ladder, findings


ANONYMOUS_REFUSALS = frozenset({"PULL_DENIED", "LOGIN_UNAUTHORIZED"})


def _confirming(diagnosis: Diagnosis, image: ImageRef, found: Finding,
                secret_set: SecretSet | None) -> Finding:
    """An anonymous refusal on a registry the secrets or naming step already asks a set for
    is the same cause: one error, so this one is only the evidence (info)."""
    code = diagnosis.handoff.uncovered_hosts.get(image.host)
    if secret_set is not None or code is None or found.code not in ANONYMOUS_REFUSALS:
        return found
    return replace(
        found, severity=Severity.INFO,
        detail=t("{detail}. This confirms {code}: the set it asks for is the fix.",
                 detail=found.detail.rstrip("."), code=code),
        fix=t("Create the secret set as {code} says.", code=code),
    )


def _artifact_guess(diagnosis: Diagnosis, image: ImageRef, failure, findings: list[Finding]
                    ) -> list[Finding]:
    """A reference the context step took for a Template/Feature id whose manifest could not
    be read: IMAGE_REF_INVALID after all — instead of the failure when the id is certain
    (ghcr.io's collections: the registry's answer only adds noise), beside it otherwise."""
    from tui.registry.image_sense import artifact_finding

    guess = diagnosis.handoff.artifact_refs.get(image.ref)
    if guess is None or failure.code == "IMAGE_NOT_AN_IMAGE":
        return findings
    said = t("Its manifest could not be read to confirm it ({code}): {detail}",
             code=failure.code, detail=failure.detail)
    judged = artifact_finding(image, guess, said, step="pull")
    if guess.certain:
        return [*findings[:-1], judged]
    return [*findings, judged]


def _ghcr(diagnosis: Diagnosis, image: ImageRef, anonymous: Ladder):
    from tui.registry.ghcr import ghcr_verdict

    token = diagnosis.options.environ.get("GITHUB_TOKEN")
    with_token = None
    if token and anonymous.failure is not None:
        from tui.model import Secret

        secret = Secret(token)
        user = diagnosis.options.environ.get("GITHUB_USER") or "codespace"
        with_token = probe_pull(image, user, secret, diagnosis.options)
        with_token.scrub(diagnosis.redactor)
        anonymous.facts["github_token_probe"] = with_token
    return ghcr_verdict(
        image, anonymous.failure, with_token.failure if with_token else None,
        token_present=bool(token), repository=diagnosis.context.repository,
    )


def _ghcr_case_from_github(diagnosis: Diagnosis, image: ImageRef,
                           failure: ProbeFailure) -> ProbeFailure:
    """GHCR_PACKAGE_ACCESS naming its case from what GitHub's API said (when it was asked)."""
    facts = diagnosis.handoff.github_facts
    if facts is None:
        return failure
    from tui.github.verdicts import ghcr_case

    known = ghcr_case(facts.package_for(image.ref), facts.repo, diagnosis.context.repository)
    if known is None:
        return failure
    case, fix = known
    return ProbeFailure(
        failure.code, failure.stage,
        t("This codespace may not read {package}; GitHub's API shows why: {case}. The probe "
          "saw: {detail}", package=f"ghcr.io/{image.repository}", case=case,
          detail=failure.detail),
        fix=fix,
    )


def _daemon_pull(
    diagnosis: Diagnosis, image: ImageRef, user, password, ladder: Ladder, direct_ok: bool,
) -> Finding | None:
    from tui.registry import daemon

    result = daemon.daemon_pull(image, user, password, diagnosis.options)
    message = diagnosis.redactor(result.message)
    ladder.facts["daemon"] = {"ok": result.ok, "code": result.code, "message": message}
    if not result.reachable or result.ok == direct_ok:
        return None
    if direct_ok:
        detail = (t("The direct pull check of {ref} passed, but the daemon's pull fails "
                    "({code}): {message}", ref=image.ref, code=result.code, message=message)
                  if result.code else
                  t("The direct pull check of {ref} passed, but the daemon's pull fails: "
                    "{message}", ref=image.ref, message=message))
        return finding(
            "DOCKER_PULL_FAILED",
            detail=detail,
            fix=t("Check the daemon's proxy, `registry-mirrors` and `insecure-registries` "
                  "(`/etc/docker/daemon.json`) and stored credentials in ~/.docker/config.json "
                  "for {host} (a stale entry overrides the right one).", host=image.host),
            image=image.ref, stage="daemon", step="pull",
        )
    return finding(
        "DOCKER_PULL_FAILED",
        detail=t("The daemon pulled {ref} (`{message}`), but the direct check failed: the "
                 "daemon is more lenient than Codespaces (certificates on 127.0.0.0/8, stored "
                 "credentials).", ref=image.ref, message=message),
        fix=_("Fix the cause the direct check names; do not rely on the daemon's success."),
        severity=Severity.WARNING,
        title=_("The Docker daemon's pull passes where the direct check fails"),
        image=image.ref, stage="daemon", step="pull",
    )
