"""The swapped ECR token at the registry: the login step's daemon-less login, then a pull of
each image of this registry, reported on the ECR step's ladder."""

from __future__ import annotations

from tui.catalogue import finding
from tui.checks.ecr.result import STEP
from tui.i18n import _, t
from tui.model import Finding, ImageRef, Secret, Severity
from tui.record import replace
from tui.registry.probe.parallel import concurrently

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.checks.ecr.keys import SetCheck
    from tui.steps import StageState


def probe_token(check: SetCheck, password: Secret, host: str) -> list[Finding]:
    """The registry token through the login step's daemon-less login and pull probe.

    User `AWS`, password the token; the login first, then each image of this registry
    (concurrently) unless the login failed in a way a pull would only repeat.
    """
    from tui.checks.pull import LOGIN_BLOCKS_PULL
    from tui.registry.findings import Subject, finding_from
    from tui.registry.probe import probe_login

    options = check.options
    repo = check.diagnosis.context.repository or "OWNER/REPO"

    def on_stage(stage: str, state: StageState, detail: str, seconds: float | None) -> None:
        check.progress("registry", state,
                       t("login {stage}: {detail}", stage=stage, detail=detail) if detail
                       else t("login {stage}", stage=stage))

    try:
        ladder = probe_login(host, "AWS", password, options, on_stage=on_stage)
        subject = Subject(host=host, step=STEP, prefix=check.prefix, user="AWS", repo=repo,
                          timeout=options.timeout)
        found = [finding_from(w, subject) for w in ladder.warnings]
        if ladder.failure is not None:
            found.append(finding_from(ladder.failure, subject))
        check.result.probe = _("login passed") if ladder.ok else (
            t("login failed ({code})", code=ladder.failure.code) if ladder.failure
            else _("login failed"))
        blocked = ladder.failure is not None and ladder.failure.code in LOGIN_BLOCKS_PULL
        images = [] if blocked else check.images()
        if images:
            pulls = concurrently(
                lambda image: _probe_pull(check, password, host, image, repo), images)
            for pulled in pulls:
                found.extend(pulled)
            failed = any(f.severity is Severity.ERROR for f in found)
            check.result.probe += _("; ") + (_("pull failed") if failed else _("pull passed"))
    except Exception as exc:  # the probe failing must not lose the AWS results
        check.result.probe = _("failed")
        return [finding("INTERNAL_ERROR", check.redact(
            t("The ECR token probe failed: {error}", error=f"{type(exc).__name__}: {exc}")),
            step=STEP, secret_set=check.prefix)]
    check.progress("registry", "fail" if any(f.severity is Severity.ERROR for f in found)
                  else "pass", check.result.probe)
    return [replace(f, step=STEP, secret_set=check.prefix, detail=check.redact(f.detail),
                    fix=check.redact(f.fix), title=check.redact(f.title)) for f in found]

def _probe_pull(check: SetCheck, password: Secret, host: str, image: ImageRef,
                repo: str) -> list[Finding]:
    from tui.registry.findings import Subject, finding_from
    from tui.registry.probe import probe_pull

    target = image if image.host.lower() == host else replace(image, host=host)

    def on_stage(stage: str, state: StageState, detail: str, seconds: float | None) -> None:
        if state == "running":
            check.progress("registry", "running",
                           t("pull {repository} {stage}", repository=image.repository,
                             stage=stage))

    ladder = probe_pull(target, "AWS", password, check.options, on_stage=on_stage)
    subject = Subject(host=host, step=STEP, prefix=check.prefix, user="AWS", image=image,
                      repo=repo, timeout=check.options.timeout)
    found = [finding_from(w, subject) for w in ladder.warnings]
    if ladder.failure is not None:
        found.append(finding_from(ladder.failure, subject))
    return found
