"""The ECR step against a real moto server on loopback (tests/ecr_lab.py), with IAM enforced."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.ecr_lab import LAYER_DIGEST, MANIFEST, EcrLab
from tests.helpers import FIXED_NOW, make_options
from tui.aws.calls import AwsClients, AwsTarget, call
from tui.aws.formats import parse_ecr_host
from tui.checks.diagnosis import Diagnosis, Progress
from tui.checks.ecr.images import MANIFEST_MEDIA_TYPES, ImageCheck
from tui.checks.ecr.keys import SetCheck
from tui.model import ImageRef, Secret, SecretSet, Variable

GAT, BGI, GDU = "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"
ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def ecr_set(prefix: str, host: str, user: str, password: str) -> SecretSet:
    """A complete ECR secret set as the secrets step would build it."""
    name = f"{prefix}_CONTAINER_REGISTRY"
    return SecretSet(
        prefix=prefix,
        server=Variable(f"{name}_SERVER", host, "environment"),
        user=Variable(f"{name}_USER", user, "environment"),
        password=Variable(f"{name}_PASSWORD", Secret(password), "environment"),
        kind="ecr",
        host=host,
    )


def image_on(host: str, repository: str, reference: str = "1.0") -> ImageRef:
    return ImageRef(ref=f"{host}/{repository}:{reference}", host=host, repository=repository,
                    reference=reference, source=".devcontainer/devcontainer.json")


def run_ecr(tmp_path, lab: EcrLab | None, sets: list[SecretSet], images: list[ImageRef],
            environ: dict[str, str] | None = None, **overrides) -> Diagnosis:
    """Run only the ECR step on the given sets and images (online, against the lab)."""
    params: dict = {"offline": False, "timeout": 5.0}
    params.update(overrides)
    env = environ if environ is not None else (lab.environ if lab else {})
    repository = params.pop("repository", None)
    diagnosis = Diagnosis(make_options(tmp_path, env=env, **params))
    diagnosis.context.repository = repository
    diagnosis.secret_sets = sets
    diagnosis.context.images = images
    for secret_set in sets:
        if secret_set.secret is not None:
            diagnosis.redactor.add(secret_set.secret)
    diagnosis.progress_events = []  # type: ignore[attr-defined]
    diagnosis.progress = diagnosis.progress_events.append  # type: ignore[attr-defined]
    diagnosis.run_step("ecr")
    return diagnosis


def lab_run(tmp_path, lab: EcrLab, user: str, repository: str | None = None,
            **overrides) -> Diagnosis:
    key, secret = lab.keys[user]
    sets = [ecr_set("ECR", lab.host, key, secret)]
    return run_ecr(tmp_path, lab, sets, [image_on(lab.host, repository or lab.repository)],
                   **overrides)


def codes_of(diagnosis: Diagnosis) -> list[str]:
    return [f.code for f in diagnosis.results["ecr"].findings]


def only(diagnosis: Diagnosis, code: str):
    found = [f for f in diagnosis.results["ecr"].findings if f.code == code]
    assert len(found) == 1, codes_of(diagnosis)
    return found[0]


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A loopback port that is bound but not listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


# --- permissions -----------------------------------------------------------------------------


def test_user_without_policy_misses_every_pull_right(tmp_path, ecr_lab):
    diagnosis = lab_run(tmp_path, ecr_lab, "nopolicy")
    assert codes_of(diagnosis) == ["ECR_PERMISSION_MISSING"]
    item = only(diagnosis, "ECR_PERMISSION_MISSING")
    assert GAT in item.detail and BGI in item.detail and GDU in item.detail
    assert "arn:aws:iam::123456789012:user/nopolicy" in item.detail
    command = ("aws iam put-user-policy --user-name nopolicy --policy-name registry-doctor-pull "
               "--policy-document file://policy.json")
    assert command in item.fix
    assert "IAM → Users → nopolicy → Add permissions → Create inline policy → JSON" in item.fix
    assert "arn:aws:ecr:us-east-1:123456789012:repository/team/app" in item.fix
    result = diagnosis.handoff.ecr["ECR"]
    assert result.actions == {GAT: "denied", BGI: "denied", GDU: "denied"}
    assert result.identity_account == "123456789012"
    assert result.token_ok is False
    policy = json.loads(result.policy)
    assert policy["Statement"][0] == {"Sid": "RegistryToken", "Effect": "Allow",
                                      "Action": GAT, "Resource": "*"}


def test_token_only_rights_miss_the_repository_rights(tmp_path, ecr_lab):
    diagnosis = lab_run(tmp_path, ecr_lab, "tokenonly")
    item = only(diagnosis, "ECR_PERMISSION_MISSING")
    refused = item.detail.split("AWS refuses ", 1)[1].split(" to the ", 1)[0]
    assert refused == f"{BGI}, {GDU}"
    assert f"Allowed: {GAT}." in item.detail
    assert diagnosis.handoff.ecr["ECR"].token_ok is True
    assert diagnosis.handoff.ecr["ECR"].actions[GAT] == "allowed"
    assert item.stage == "rights"
    final = {e.stage: e.state for e in diagnosis.progress_events  # type: ignore[attr-defined]
             if e.state != "running"}
    assert final == {"identity": "pass", "token": "pass", "rights": "fail"}


@pytest.mark.parametrize("user", ["pullonly", "readonly"])
def test_managed_pull_policies_are_enough(tmp_path, ecr_lab, user):
    diagnosis = lab_run(tmp_path, ecr_lab, user)
    assert codes_of(diagnosis) == []
    assert diagnosis.results["ecr"].status == "pass"
    result = diagnosis.handoff.ecr["ECR"]
    assert result.actions[GAT] == "allowed" and result.actions[BGI] == "allowed"
    # moto does not implement GetDownloadUrlForLayer (HTTP 500): not checked, never "denied".
    assert result.actions[GDU] == "not-checked"
    assert any("does not implement GetDownloadUrlForLayer" in n for n in result.notes)
    assert result.policy is None


def test_explicit_deny_on_batch_get_image_holds(tmp_path, ecr_lab):
    diagnosis = lab_run(tmp_path, ecr_lab, "denybatch")
    item = only(diagnosis, "ECR_PERMISSION_MISSING")
    assert item.detail.startswith(f"AWS refuses {BGI} to the key ")
    assert GAT not in item.detail.split("Allowed:", 1)[0]
    assert diagnosis.handoff.ecr["ECR"].actions[BGI] == "denied"


def test_missing_repository(tmp_path, ecr_lab):
    diagnosis = lab_run(tmp_path, ecr_lab, "pullonly", repository="team/missing")
    assert codes_of(diagnosis) == ["ECR_REPOSITORY_NOT_FOUND"]
    item = only(diagnosis, "ECR_REPOSITORY_NOT_FOUND")
    assert "team/missing" in item.detail and "us-east-1" in item.detail
    assert item.image == f"{ecr_lab.host}/team/missing:1.0"


def test_key_of_another_account_is_a_warning(tmp_path, ecr_lab):
    other = "210987654321.dkr.ecr.us-east-1.amazonaws.com"
    key, secret = ecr_lab.keys["pullonly"]
    diagnosis = run_ecr(tmp_path, ecr_lab, [ecr_set("ECR", other, key, secret)],
                        [image_on(other, "team/app")])
    item = only(diagnosis, "AWS_ACCOUNT_MISMATCH")
    assert item.severity.value == "warning"
    assert "123456789012" in item.detail and "210987654321" in item.detail
    assert "aws ecr set-repository-policy" in item.fix


# --- keys ------------------------------------------------------------------------------------


def test_wrong_secret_key(tmp_path, ecr_lab):
    key, _ = ecr_lab.keys["pullonly"]
    diagnosis = run_ecr(tmp_path, ecr_lab, [ecr_set("ECR", ecr_lab.host, key, "W" * 40)],
                        [image_on(ecr_lab.host, ecr_lab.repository)], repository="acme/app")
    assert codes_of(diagnosis) == ["AWS_KEY_INVALID"]
    item = only(diagnosis, "AWS_KEY_INVALID")
    assert "SignatureDoesNotMatch" in item.detail and "does not match" in item.detail
    assert ("`gh secret set ECR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app`"
            in item.fix)
    assert "USER --user" not in item.fix


def test_unknown_key_id(tmp_path, ecr_lab):
    sets = [ecr_set("ECR", ecr_lab.host, "AKIAZZZZZZZZZZZZZZZZ", "s" * 40)]
    diagnosis = run_ecr(tmp_path, ecr_lab, sets, [])
    assert codes_of(diagnosis) == ["AWS_KEY_INVALID"]
    assert "InvalidClientTokenId" in only(diagnosis, "AWS_KEY_INVALID").detail


def test_temporary_key_needs_a_session_token(tmp_path, ecr_lab):
    sets = [ecr_set("ECR", ecr_lab.host, "ASIAZZZZZZZZZZZZZZZZ", "s" * 40)]
    diagnosis = run_ecr(tmp_path, ecr_lab, sets, [])
    item = only(diagnosis, "AWS_KEY_INVALID")
    assert "temporary" in item.detail and "session token" in item.detail
    assert "long-lived access key (AKIA…)" in item.fix


def test_unreachable_endpoint_is_bounded(tmp_path, refused_port):
    environ = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{refused_port}"}
    sets = [ecr_set("ECR", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                    "AKIAZZZZZZZZZZZZZZZZ", "s" * 40)]
    started = time.monotonic()
    diagnosis = run_ecr(tmp_path, None, sets, [], environ=environ, timeout=1.0)
    elapsed = time.monotonic() - started
    assert codes_of(diagnosis) == ["AWS_UNREACHABLE"]
    assert elapsed < 3.0
    assert "1 s" in only(diagnosis, "AWS_UNREACHABLE").detail


def test_service_specific_endpoint_wins(tmp_path, ecr_lab, refused_port):
    """AWS_ENDPOINT_URL_STS overrides AWS_ENDPOINT_URL: STS refused → unreachable."""
    environ = dict(ecr_lab.environ, AWS_ENDPOINT_URL_STS=f"http://127.0.0.1:{refused_port}")
    key, secret = ecr_lab.keys["pullonly"]
    diagnosis = run_ecr(tmp_path, ecr_lab, [ecr_set("ECR", ecr_lab.host, key, secret)], [],
                        environ=environ, timeout=1.0)
    assert codes_of(diagnosis) == ["AWS_UNREACHABLE"]


def test_profile_in_the_environment_is_ignored(tmp_path, ecr_lab, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    diagnosis = lab_run(tmp_path, ecr_lab, "pullonly")
    assert codes_of(diagnosis) == []
    assert diagnosis.handoff.ecr["ECR"].identity_arn.endswith(":user/pullonly")


# --- token mode, skipping, secrecy -----------------------------------------------------------


def ecr_token(expires: datetime) -> str:
    payload = {"payload": "x" * 40, "version": "2", "expiration": int(expires.timestamp())}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_expired_token_is_reported_without_any_aws_call(tmp_path, refused_port):
    token = ecr_token(FIXED_NOW - timedelta(hours=1))
    sets = [ecr_set("ECR", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", token)]
    environ = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{refused_port}"}
    diagnosis = run_ecr(tmp_path, None, sets, [], environ=environ)
    assert codes_of(diagnosis) == ["ECR_TOKEN_EXPIRED"]
    result = diagnosis.handoff.ecr["ECR"]
    assert result.mode == "token" and result.token_ok is False
    assert result.token_expires == (FIXED_NOW - timedelta(hours=1)).replace(microsecond=0)
    assert token not in repr(result) + repr(diagnosis.findings)


def test_no_ecr_set_skips_the_step(tmp_path):
    sets = [SecretSet("ACR", kind="acr", host="myco.azurecr.io")]
    diagnosis = run_ecr(tmp_path, None, sets, [])
    assert diagnosis.results["ecr"].status == "skip"
    assert diagnosis.results["ecr"].note == "no ECR secret set"


def test_offline_runs_no_aws_call(tmp_path, ecr_lab):
    key, secret = ecr_lab.keys["nopolicy"]
    sets = [ecr_set("ECR", ecr_lab.host, key, secret)]
    diagnosis = run_ecr(tmp_path, ecr_lab, sets, [], offline=True)
    assert diagnosis.results["ecr"].status == "skip"
    assert not diagnosis.handoff.ecr


def test_no_key_secret_or_token_shows_anywhere(tmp_path, ecr_lab):
    """Several sets at once (concurrently): keys, secrets and swapped tokens never show."""
    planted: list[str] = []
    sets = []
    for prefix, user in (("A", "nopolicy"), ("B", "pullonly"), ("C", "tokenonly")):
        key, secret = ecr_lab.keys[user]
        planted += [key, secret]
        sets.append(ecr_set(prefix, ecr_lab.host, key, secret))
    wrong_key, _ = ecr_lab.keys["readonly"]
    sets.append(ecr_set("D", ecr_lab.host, wrong_key, "Q" * 40))
    planted += [wrong_key, "Q" * 40, "123456789012-auth-token"]
    diagnosis = run_ecr(tmp_path, ecr_lab, sets, [image_on(ecr_lab.host, ecr_lab.repository)])
    assert sorted(codes_of(diagnosis)) == ["AWS_KEY_INVALID", "ECR_PERMISSION_MISSING",
                                           "ECR_PERMISSION_MISSING"]
    texts = [json.dumps([f.to_json() for f in diagnosis.findings], ensure_ascii=False),
             repr(diagnosis.handoff.ecr),
             repr(diagnosis.progress_events),  # type: ignore[attr-defined]
             Path(f"/proc/{os.getpid()}/cmdline").read_bytes().decode(errors="replace")]
    for text in texts:
        for value in planted:
            assert value not in text
    assert len(diagnosis.progress_events) > 8  # type: ignore[attr-defined]
    assert all(isinstance(e, Progress) and e.step == "ecr"
               for e in diagnosis.progress_events)  # type: ignore[attr-defined]


def test_step_modules_import_no_boto3():
    code = ("import sys, tui.checks.ecr, tui.aws.calls, tui.aws.policy; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('boto3', 'botocore', 'textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "[]"


# --- what moto cannot do: botocore's Stubber on a real client --------------------------------


def stubbed_check(ecr_lab: EcrLab, tmp_path, index: bool = False):
    """A SetCheck and its clients whose ECR client is stubbed (moto lacks the layer call)."""
    from botocore.stub import Stubber

    key, secret = ecr_lab.keys["pullonly"]
    diagnosis = Diagnosis(make_options(tmp_path, env=ecr_lab.environ, offline=False))
    check = SetCheck(diagnosis, ecr_set("ECR", ecr_lab.host, key, secret))
    check.registry = parse_ecr_host(ecr_lab.host)
    clients = AwsClients(key, secret, AwsTarget("us-east-1", environ=ecr_lab.environ))
    stubber = Stubber(clients.client("ecr"))
    manifest = MANIFEST
    if index:
        manifest = {"schemaVersion": 2,
                    "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": [
                        {"digest": "sha256:" + "d" * 64,
                         "platform": {"os": "linux", "architecture": "arm64"}},
                        {"digest": "sha256:" + "c" * 64,
                         "platform": {"os": "linux", "architecture": "amd64"}}]}
    stubber.add_response("batch_get_image", {
        "images": [{"registryId": ecr_lab.account, "repositoryName": ecr_lab.repository,
                    "imageId": {"imageTag": "1.0"}, "imageManifest": json.dumps(manifest)}],
        "failures": []})
    return check, clients, stubber


def test_layer_download_right_allowed(tmp_path, ecr_lab):
    check, clients, stubber = stubbed_check(ecr_lab, tmp_path)
    stubber.add_response(
        "get_download_url_for_layer",
        {"downloadUrl": "https://example.invalid/layer", "layerDigest": LAYER_DIGEST},
        {"registryId": ecr_lab.account, "repositoryName": ecr_lab.repository,
         "layerDigest": LAYER_DIGEST})
    with stubber:
        outcome = ImageCheck(check, clients,
                                      image_on(ecr_lab.host, ecr_lab.repository)).run()
    assert outcome.actions == {BGI: "allowed", GDU: "allowed"}
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize(("code", "status", "expected"), [
    ("AccessDeniedException", 400, "denied"),
    ("InternalFailure", 500, None),
    ("LayersNotFoundException", 400, "allowed"),
])
def test_layer_download_right_refused_or_unknown(tmp_path, ecr_lab, code, status, expected):
    check, clients, stubber = stubbed_check(ecr_lab, tmp_path)
    message = ("User: arn:aws:iam::123456789012:user/pullonly is not authorized to perform: "
               "ecr:GetDownloadUrlForLayer on resource: arn" if expected == "denied" else "boom")
    stubber.add_client_error("get_download_url_for_layer", service_error_code=code,
                             service_message=message, http_status_code=status)
    with stubber:
        outcome = ImageCheck(check, clients,
                                      image_on(ecr_lab.host, ecr_lab.repository)).run()
    assert outcome.actions.get(GDU) == expected


def test_unparseable_answer_is_not_checked(ecr_lab):
    """moto's SimulatePrincipalPolicy answers HTTP 500 with a page: not-implemented, no raise."""
    key, secret = ecr_lab.keys["admin"]
    clients = AwsClients(key, secret, AwsTarget("us-east-1", environ=ecr_lab.environ))
    outcome = call(clients, "iam", "simulate_principal_policy", str,
                   PolicySourceArn="arn:aws:iam::123456789012:user/pullonly",
                   ActionNames=[BGI])
    assert outcome.kind == "not-implemented"


def test_denied_action_is_parsed_from_moto_xml():
    from tui.aws.calls import classify_client_error

    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<ErrorResponse><Errors><Error>'
           "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/x is not "
           "authorized to perform: ecr:BatchGetImage</Message></Error></Errors></ErrorResponse>")
    outcome = classify_client_error(
        {"Error": {"Code": "403", "Message": xml}, "ResponseMetadata": {"HTTPStatusCode": 403}},
        str)
    assert (outcome.kind, outcome.action, outcome.code) == ("denied", BGI, "AccessDenied")



def test_silent_endpoint_times_out_within_the_bound(tmp_path):
    """A server that accepts but never answers: a read timeout, AWS_UNREACHABLE in seconds."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        environ = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{listener.getsockname()[1]}"}
        sets = [ecr_set("ECR", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                        "AKIAZZZZZZZZZZZZZZZZ", "s" * 40)]
        started = time.monotonic()
        diagnosis = run_ecr(tmp_path, None, sets, [], environ=environ, timeout=1.0)
        elapsed = time.monotonic() - started
    assert codes_of(diagnosis) == ["AWS_UNREACHABLE"]
    assert elapsed < 4.0


# --- endpoints, FIPS, servers the step does not check ----------------------------------------


def test_endpoints_follow_the_options_environment_only(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    plain = AwsClients("AKIAZZZZZZZZZZZZZZZZ", "s" * 40, AwsTarget("eu-west-1"))
    assert plain.client("ecr").meta.endpoint_url == "https://api.ecr.eu-west-1.amazonaws.com"
    fips = AwsClients("AKIAZZZZZZZZZZZZZZZZ", "s" * 40, AwsTarget("us-east-1", fips=True))
    assert fips.client("ecr").meta.endpoint_url == "https://ecr-fips.us-east-1.amazonaws.com"
    environ = {"AWS_ENDPOINT_URL": "http://127.0.0.1:1",
               "AWS_ENDPOINT_URL_ECR": "http://127.0.0.1:2"}
    local = AwsClients("AKIAZZZZZZZZZZZZZZZZ", "s" * 40, AwsTarget("us-east-1", environ=environ))
    assert local.client("ecr").meta.endpoint_url == "http://127.0.0.1:2"
    assert local.client("sts").meta.endpoint_url == "http://127.0.0.1:1"


@pytest.mark.parametrize(("host", "user"), [
    ("public.ecr.aws", "AKIAZZZZZZZZZZZZZZZZ"),
    ("123.dkr.ecr.us-east-1.amazonaws.com", "AKIAZZZZZZZZZZZZZZZZ"),
    (ECR_HOST, ""),
])
def test_sets_the_step_cannot_check_are_skipped(tmp_path, refused_port, host, user):
    environ = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{refused_port}"}
    sets = [ecr_set("ECR", host, user, "s" * 40)]
    diagnosis = run_ecr(tmp_path, None, sets, [], environ=environ)
    assert diagnosis.results["ecr"].status == "skip"
    assert diagnosis.handoff.ecr["ECR"].mode == "skipped"
    assert diagnosis.handoff.ecr["ECR"].notes


def test_expired_token_already_reported_by_naming_is_not_repeated(tmp_path, refused_port):
    from tui.catalogue import finding
    from tui.model import StepResult

    token = ecr_token(FIXED_NOW - timedelta(minutes=5))
    sets = [ecr_set("ECR", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", token)]
    options = make_options(tmp_path, env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{refused_port}"},
                           offline=False)
    diagnosis = Diagnosis(options)
    diagnosis.secret_sets = sets
    diagnosis.results["naming"] = StepResult(
        "naming", "fail", findings=[finding("ECR_TOKEN_EXPIRED", "expired", secret_set="ECR")])
    diagnosis.run_step("ecr")
    assert codes_of(diagnosis) == []
    assert diagnosis.handoff.ecr["ECR"].token_ok is False


def test_image_index_is_followed_to_its_amd64_manifest(tmp_path, ecr_lab):
    check, clients, stubber = stubbed_check(ecr_lab, tmp_path, index=True)
    child = "sha256:" + "c" * 64
    stubber.add_response("batch_get_image", {
        "images": [{"imageId": {"imageDigest": child}, "imageManifest": json.dumps(MANIFEST)}],
        "failures": []},
        {"registryId": ecr_lab.account, "repositoryName": ecr_lab.repository,
         "imageIds": [{"imageDigest": child}],
         "acceptedMediaTypes": MANIFEST_MEDIA_TYPES})
    stubber.add_response("get_download_url_for_layer",
                         {"downloadUrl": "https://example.invalid/l", "layerDigest": LAYER_DIGEST})
    with stubber:
        outcome = ImageCheck(check, clients,
                                      image_on(ecr_lab.host, ecr_lab.repository)).run()
    assert outcome.actions == {BGI: "allowed", GDU: "allowed"}
    stubber.assert_no_pending_responses()


# --- the swapped token at the registry -------------------------------------------------------


def test_stand_in_token_is_not_tried_at_the_real_registry(tmp_path, ecr_lab):
    """moto's token names the real ECR host: never probed (it would leave loopback)."""
    before_expiry = datetime(2014, 12, 31, 12, 0, tzinfo=FIXED_NOW.tzinfo)
    diagnosis = lab_run(tmp_path, ecr_lab, "pullonly", now=lambda: before_expiry)
    result = diagnosis.handoff.ecr["ECR"]
    assert result.proxy_endpoint == f"https://{ecr_lab.host}"
    assert result.probe == "not run"
    assert any("stand-in AWS endpoint" in note for note in result.notes)
    assert codes_of(diagnosis) == []


def test_swapped_token_goes_through_the_login_and_pull_probe(tmp_path, lab_registries):
    """The probe of the login step, with user AWS and the token, at a real local registry."""
    from tests.lab.fixtures import AWS_TOKEN_PASSWORD

    registry = lab_registries.basic_http
    diagnosis = Diagnosis(make_options(tmp_path, offline=False, timeout=5.0))
    diagnosis.context.images = [image_on(ECR_HOST, "team/app", "1.0"),
                                image_on(ECR_HOST, "team/absent", "1.0")]
    check = SetCheck(diagnosis, ecr_set("ECR", ECR_HOST, "AKIAZZZZZZZZZZZZZZZZ",
                                                 "s" * 40))
    found = check.probe(Secret(AWS_TOKEN_PASSWORD), registry.host)
    assert [(f.code, f.step, f.image) for f in found] == [
        ("IMAGE_NOT_FOUND", "ecr", f"{ECR_HOST}/team/absent:1.0")]
    assert check.result.probe == "login passed; pull failed"

    refused = check.probe(Secret("not-the-token"), registry.host)
    assert [(f.code, f.secret_set) for f in refused] == [("LOGIN_UNAUTHORIZED", "ECR")]
    assert check.result.probe == "login failed (LOGIN_UNAUTHORIZED)"


def test_stray_whitespace_is_left_to_the_naming_step(tmp_path, ecr_lab):
    key, secret = ecr_lab.keys["pullonly"]
    sets = [ecr_set("ECR", ecr_lab.host, f" {key}\n", f"{secret}\n")]
    diagnosis = run_ecr(tmp_path, ecr_lab, sets, [image_on(ecr_lab.host, ecr_lab.repository)])
    assert codes_of(diagnosis) == []
    result = diagnosis.handoff.ecr["ECR"]
    assert result.actions[BGI] == "allowed"
    assert any("whitespace" in note for note in result.notes)
    assert key not in repr(result) and secret not in repr(result)


def test_check_command_end_to_end(tmp_path, ecr_lab):
    """`registry-doctor check --json` with an ECR key set in the environment, against the lab."""
    import jsonschema

    key, secret = ecr_lab.keys["tokenonly"]
    workspace = tmp_path / "ws"
    (workspace / ".devcontainer").mkdir(parents=True)
    (workspace / ".devcontainer" / "devcontainer.json").write_text(
        json.dumps({"image": f"{ecr_lab.host}/{ecr_lab.repository}:1.0"}), encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
           "AWS_ENDPOINT_URL": ecr_lab.endpoint,
           "ECR_CONTAINER_REGISTRY_SERVER": ecr_lab.host,
           "ECR_CONTAINER_REGISTRY_USER": key, "ECR_CONTAINER_REGISTRY_PASSWORD": secret}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--json", "--workspace", str(workspace),
         "--codespaces-dir", str(tmp_path / "codespaces"), "--no-daemon", "--timeout", "5"],
        env=env, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert secret not in done.stdout + done.stderr
    report = json.loads(done.stdout)
    schema_file = Path(__file__).parent / "data" / "report.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    ecr = [f for f in report["findings"] if f["step"] == "ecr"]
    assert [f["code"] for f in ecr] == ["ECR_PERMISSION_MISSING"]
    assert f"{BGI}, {GDU}" in ecr[0]["detail"]
    assert done.returncode == 1
