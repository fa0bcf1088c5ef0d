"""The ECR step: swap the keys as GitHub does, find the missing IAM rights, hand over the policy.

Per ECR secret set (concurrently): with USER an access key id, `sts:GetCallerIdentity` proves
the key pair, `ecr:GetAuthorizationToken` swaps it for a registry token, and for each image on
that registry `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` test the two pull rights.
The swapped token then goes through the login step's daemon-less login and pull probe (the
login and pull steps leave access-key sets to this step). With USER `AWS` the token's expiry is
read offline; the login step probes such a token, this step only when it has not run.
Results for the wizard go to `handoff.ecr[prefix]` (`EcrSetResult`).
"""

from __future__ import annotations

from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.i18n import _
from tui.model import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.checks.ecr.result import EcrSetResult

__all__ = ["EcrSetResult", "run"]


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Check every ECR secret set concurrently; store each result in `handoff.ecr[prefix]`."""
    ecr_sets = [s for s in diagnosis.secret_sets if s.kind == "ecr"]
    if not ecr_sets:
        raise StepSkipped(_("no ECR secret set"))
    sets = [s for s in ecr_sets if s.complete]
    if not sets:
        raise StepSkipped(_("the ECR secret set lacks SERVER, USER or PASSWORD (see Secrets)"))
    if diagnosis.options.loopback_only:
        raise StepSkipped(_("demo: AWS is not contacted (the ECR explanation still applies)"))
    from tui.checks.ecr.keys import SetCheck  # only a run with an ECR set loads the AWS side
    from tui.registry.probe.parallel import concurrently

    store: dict[str, EcrSetResult] = {}
    diagnosis.handoff.ecr = store  # a re-run replaces the earlier results
    outcomes = concurrently(lambda s: SetCheck(diagnosis, s).run(), sets)
    if all(result.mode == "skipped" for result, _ in outcomes):
        for result, _found in outcomes:
            store[result.prefix] = result
        raise StepSkipped(_("no ECR secret set names a valid private ECR server"))
    findings: list[Finding] = []
    for result, found in outcomes:
        store[result.prefix] = result
        findings.extend(found)
    return findings


def __getattr__(name: str) -> object:
    """`EcrSetResult`, loaded when first asked for (the wizard's ECR screen): a run without
    an ECR set does not load the step's modules."""
    if name == "EcrSetResult":
        from tui.checks.ecr.result import EcrSetResult

        return EcrSetResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
