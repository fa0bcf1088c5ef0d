"""ECR_PERMISSION_MISSING repaired with iam:PutUserPolicy against moto's server (IAM
enforced), with the operator's own credentials, never the secret set's keys."""

from __future__ import annotations

import json

from tests.test_ecr import codes_of, lab_run
from tui.repairs.apply import apply_repair
from tui.repairs.plan import plan


def operator(monkeypatch, keys: tuple[str, str]) -> None:
    """The operator's own credentials, as the environment gives them to boto3."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", keys[0])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", keys[1])
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


def test_the_least_privilege_policy_is_attached_and_the_step_passes(tmp_path, ecr_lab,
                                                                      monkeypatch):
    diagnosis = lab_run(tmp_path, ecr_lab, "nopolicy")
    assert codes_of(diagnosis) == ["ECR_PERMISSION_MISSING"]
    repairs = plan(diagnosis)
    assert [(r.action, r.target, r.requests) for r in repairs] == [
        ("attach-policy", ("nopolicy",),
         ("iam:PutUserPolicy UserName=nopolicy PolicyName=registry-doctor-pull",))]
    policy = json.loads(repairs[0].ops[0].policy)
    assert {s["Sid"] for s in policy["Statement"]} == {"RegistryToken", "PullImages"}
    operator(monkeypatch, ecr_lab.keys["admin"])
    outcome = apply_repair(repairs[0], diagnosis, None)
    assert outcome.status == "applied", outcome.message
    from tui.aws.calls import AwsClients, AwsTarget

    admin = AwsClients(*ecr_lab.keys["admin"], AwsTarget(ecr_lab.region, environ=ecr_lab.environ))
    stored = admin.client("iam").get_user_policy(UserName="nopolicy",
                                                 PolicyName="registry-doctor-pull")
    document = stored["PolicyDocument"]
    assert (json.loads(document) if isinstance(document, str) else document) == policy
    diagnosis.run_step("ecr")
    # moto evaluates ECR rights on `*` only, so the repository-scoped pull actions stay
    # refused there; the token right (granted on `*`) is no longer missing.
    [left] = [f for f in diagnosis.results["ecr"].findings]
    assert left.code == "ECR_PERMISSION_MISSING"
    assert "Allowed: ecr:GetAuthorizationToken" in left.detail


def test_the_secret_sets_own_key_is_never_used(tmp_path, ecr_lab, monkeypatch):
    diagnosis = lab_run(tmp_path, ecr_lab, "nopolicy")
    operator(monkeypatch, ecr_lab.keys["nopolicy"])
    outcome = apply_repair(plan(diagnosis)[0], diagnosis, None)
    assert outcome.status == "not-allowed" and "never uses the secret's keys" in outcome.message


def test_a_refusal_is_a_hand_over(tmp_path, ecr_lab, monkeypatch):
    diagnosis = lab_run(tmp_path, ecr_lab, "nopolicy")
    operator(monkeypatch, ecr_lab.keys["tokenonly"])
    outcome = apply_repair(plan(diagnosis)[0], diagnosis, None)
    assert outcome.status == "not-allowed" and "by hand" in outcome.message
    assert ecr_lab.keys["tokenonly"][1] not in outcome.message
