"""The pull step against the loopback lab: token scopes, manifests, indexes, blobs, faults."""

from __future__ import annotations

import socket
import time

import pytest

from tests.test_login import CANARY, assert_no_secret, lab_diagnosis, make_set
from tui.checks import login, pull
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.model import Finding, ImageRef
from tui.registry.anonymous import anonymous_pull_ok

BOUND = 2.5


def image(host: str, repository: str, reference: str = "1.0", role: str = "image") -> ImageRef:
    return ImageRef(
        ref=f"{host}/{repository}:{reference}", host=host, repository=repository,
        reference=reference, source=".devcontainer/devcontainer.json", role=role,
    )


def run_pull(diagnosis: Diagnosis, *images: ImageRef, sets=()) -> tuple[list[Finding], float]:
    diagnosis.context.images = list(images)
    diagnosis.secret_sets = list(sets)
    started = time.monotonic()
    findings = pull.run(diagnosis)
    return findings, time.monotonic() - started


@pytest.mark.parametrize("registry", ["basic_http", "basic_tls", "token"])
@pytest.mark.parametrize("repository", ["team/app", "team/multi"])
def test_healthy_image_pulls(tmp_path, lab_registries, registry, repository):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    ref = image(reg.host, repository)
    findings, elapsed = run_pull(diagnosis, ref,
                                 sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert findings == []
    ladder = diagnosis.handoff.pull[ref.ref]
    assert [s.name for s in ladder.stages][-1] == "layer"
    assert all(s.status in ("pass", "skip") for s in ladder.stages)
    assert ladder.facts["digest"] == lab_registries.digests[f"{repository}:1.0"]
    assert elapsed < 1.0


def test_a_set_naming_the_host_in_another_case_is_not_used(tmp_path, lab_registries):
    """docker looks credentials up by the exact host, so the pull goes out anonymously
    (the naming step reports the near miss)."""
    reg = lab_registries.basic_tls
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    upper = reg.host.replace("localhost", "LOCALHOST")
    findings, _ = run_pull(diagnosis, image(reg.host, "team/app"),
                           sets=[make_set("LAB", upper, "alice", reg.users["alice"])])
    assert [f.secret_set for f in findings] == [None]
    assert findings[0].code in ("PULL_DENIED", "LOGIN_UNAUTHORIZED"), findings[0].detail


def test_token_pull_only_user_is_denied_private_repository(tmp_path, lab_registries):
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    ok, denied = image(reg.host, "team/app"), image(reg.host, "team/private")
    findings, elapsed = run_pull(diagnosis, ok, denied,
                                 sets=[make_set("TOK", reg.host, "puller", reg.users["puller"])])
    assert [(f.code, f.image, f.stage) for f in findings] == [
        ("PULL_DENIED", denied.ref, "manifest")]
    assert "`puller`" in findings[0].fix and "team/private" in findings[0].fix
    assert elapsed < BOUND


@pytest.mark.parametrize(("registry", "stage"), [("token", "token"), ("basic_http", "credentials")])
def test_wrong_password_on_pull_is_unauthorized(tmp_path, lab_registries, registry, stage):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, image(reg.host, "team/app"),
                           sets=[make_set("LAB", reg.host, "alice", CANARY)])
    assert [(f.code, f.stage) for f in findings] == [("LOGIN_UNAUTHORIZED", stage)]
    assert_no_secret(findings, CANARY)


def test_anonymous_pull_of_public_repository_passes(tmp_path, lab_registries):
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, image(reg.host, "public/hello"))
    assert findings == []
    assert diagnosis.handoff.pull[f"{reg.host}/public/hello:1.0"].anonymous


def test_anonymous_pull_of_private_repository_is_denied(tmp_path, lab_registries):
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, image(reg.host, "team/app"))
    assert [f.code for f in findings] == ["PULL_DENIED"]
    assert "No secret set names" in findings[0].fix


@pytest.mark.parametrize("registry", ["basic_http", "token"])
def test_missing_tag_suggests_close_tags(tmp_path, lab_registries, registry):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_pull(diagnosis, image(reg.host, "team/app", "1.O"),
                                 sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert [(f.code, f.stage) for f in findings] == [("IMAGE_NOT_FOUND", "manifest")]
    assert "Close tags: 1.0" in findings[0].detail
    assert elapsed < BOUND


def test_missing_repository_is_not_found(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, image(reg.host, "team/nothing"),
                           sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert [f.code for f in findings] == ["IMAGE_NOT_FOUND"]


def test_index_without_amd64_is_platform_missing(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_pull(diagnosis, image(reg.host, "team/armonly"),
                                 sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert [(f.code, f.stage) for f in findings] == [("PLATFORM_MISSING", "platform")]
    assert "linux/arm64" in findings[0].detail and "linux/amd64" in findings[0].detail
    assert "docker buildx build --platform" in findings[0].fix
    assert elapsed < BOUND


def test_explicit_platform_selects_arm64(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    ref = ImageRef(ref=f"{reg.host}/team/armonly:1.0", host=reg.host, repository="team/armonly",
                   reference="1.0", source="Dockerfile", role="dockerfile",
                   platform="linux/arm64")
    findings, _ = run_pull(diagnosis, ref,
                           sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert findings == []


def test_blob_behind_unreachable_storage(tmp_path, lab_registries, lab_faults):
    host = lab_faults["blob_redirect"]
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_pull(diagnosis, image(host, "team/app"),
                                 sets=[make_set("LAB", host, "alice", reg.users["alice"])])
    assert [(f.code, f.stage) for f in findings] == [("BLOB_UNREACHABLE", "layer")]
    assert "refused" in findings[0].detail
    assert elapsed < BOUND


PULL_FAULTS = [
    ("refused", "CONNECT_REFUSED", "tcp"),
    ("syn_drop", "CONNECT_TIMEOUT", "tcp"),
    ("slow", "REGISTRY_SLOW", "challenge"),
    ("hang_auth", "REGISTRY_SLOW", "manifest"),
    ("rate429", "RATE_LIMITED", "challenge"),
    ("err500", "REGISTRY_ERROR", "challenge"),
    ("tls_expired", "TLS_EXPIRED", "tls"),
    ("dns_fail", "DNS_FAILED", "dns"),
]


@pytest.mark.parametrize(("fault", "code", "stage"), PULL_FAULTS, ids=[f[0] for f in PULL_FAULTS])
def test_pull_faults_within_bound(tmp_path, lab_registries, lab_faults, fault, code, stage):
    host = lab_faults[fault]
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, elapsed = run_pull(diagnosis, image(host, "team/app"),
                                 sets=[make_set("LAB", host, "alice", CANARY)])
    assert [(f.code, f.stage, f.step) for f in findings] == [(code, stage, "pull")]
    assert elapsed < BOUND
    assert_no_secret(findings, CANARY)


def test_images_run_concurrently_and_dedupe(tmp_path, lab_registries, lab_faults):
    reg = lab_registries.basic_http
    slow = [image(lab_faults["slow"], f"team/app{i}") for i in range(4)]
    ok = image(reg.host, "team/app")
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_pull(diagnosis, *slow, ok, ok,
                                 sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert [f.image for f in findings] == [s.ref for s in slow]
    assert set(diagnosis.handoff.pull) == {s.ref for s in slow} | {ok.ref}
    assert elapsed < BOUND


def test_no_images_skips(tmp_path):
    with pytest.raises(StepSkipped):
        run_pull(lab_diagnosis(tmp_path))


def test_anonymous_pull_ok(tmp_path, lab_registries, lab_faults):
    reg = lab_registries.token
    options = lab_diagnosis(tmp_path).options
    assert anonymous_pull_ok(image(reg.host, "public/hello"), options) is True
    assert anonymous_pull_ok(image(reg.host, "team/app"), options) is False
    assert anonymous_pull_ok(image(lab_faults["refused"], "team/app"), options) is None
    offline = lab_diagnosis(tmp_path, offline=True).options
    assert anonymous_pull_ok(image(reg.host, "public/hello"), offline) is None


def test_pull_after_failed_login_is_skipped_at_once(tmp_path, lab_faults):
    """A set whose login already timed out is not waited for a second time."""
    host = lab_faults["slow"]
    diagnosis = lab_diagnosis(tmp_path)
    diagnosis.secret_sets = [make_set("LAB", host, "alice", CANARY)]
    diagnosis.context.images = [image(host, "team/app")]
    assert diagnosis.run_step("login").status == "fail"
    started = time.monotonic()
    result = diagnosis.run_step("pull")
    assert time.monotonic() - started < 0.2
    assert result.status == "skip" and "REGISTRY_SLOW" in result.note
    ladder = diagnosis.handoff.pull[f"{host}/team/app:1.0"]
    assert ladder.facts["blocked_by_login"] == "REGISTRY_SLOW"


def test_pull_by_digest(tmp_path, lab_registries):
    reg = lab_registries.token
    digest = lab_registries.digests["team/multi:1.0"]
    ref = ImageRef(ref=f"{reg.host}/team/multi@{digest}", host=reg.host, repository="team/multi",
                   reference=digest, source="compose.yaml", role="compose")
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, ref,
                           sets=[make_set("TOK", reg.host, "puller", reg.users["puller"])])
    assert findings == []
    assert diagnosis.handoff.pull[ref.ref].facts["platform"].startswith("linux/")


def test_an_uncovered_image_on_a_silent_host_is_waited_for_once(tmp_path, lab_faults):
    """The naming step's anonymous probe met the fault: the pull step reuses its verdict."""
    import time

    from tests.helpers import diagnose, make_options

    options = make_options(tmp_path, offline=False, timeout=1.0,
                           image=f"{lab_faults['silent']}/team/app:1.0")
    started = time.monotonic()
    diagnosis = diagnose(options, ("context", "secrets", "naming", "pull"))
    elapsed = time.monotonic() - started
    assert "REGISTRY_SLOW" in [f.code for f in diagnosis.findings if f.step == "pull"]
    assert elapsed < 1.8, f"{elapsed:.2f} s: the silent host was waited for twice"


# --- the pull goes on from the login's connection -------------------------------------------------

REUSED = ["dns", "tcp", "tls", "challenge"]


def login_then_pull(diagnosis: Diagnosis, *images: ImageRef, sets) -> list[Finding]:
    diagnosis.context.images = list(images)
    diagnosis.secret_sets = list(sets)
    login.run(diagnosis)
    return pull.run(diagnosis)


@pytest.mark.parametrize("registry", ["basic_http", "basic_tls", "token"])
def test_after_a_passing_login_the_pull_reuses_its_connection(tmp_path, lab_registries, registry):
    reg = getattr(lab_registries, registry)
    lab_set = make_set("LAB", reg.host, "alice", reg.users["alice"])
    ref = image(reg.host, "team/multi")
    cold = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    run_pull(cold, ref, sets=[lab_set])
    warm = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    assert login_then_pull(warm, ref, sets=[lab_set]) == []
    login_ladder, ladder = warm.handoff.login["LAB"], warm.handoff.pull[ref.ref]
    walked = [s for s in ladder.stages if s.name in REUSED]
    assert [s.name for s in walked] == [s.name for s in login_ladder.stages][:len(walked)]
    assert all(s.seconds == 0.0 and "login's connection" in s.detail for s in walked)
    assert [s.name for s in ladder.stages] == [s.name for s in cold.handoff.pull[ref.ref].stages]
    assert ladder.facts == cold.handoff.pull[ref.ref].facts
    assert login_ladder.warm is None  # taken by the pull, which closed it


def test_a_login_keeps_nothing_when_no_image_is_on_its_registry(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    diagnosis.context.images = [image(lab_registries.token.host, "public/hello")]
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", reg.users["alice"])]
    login.run(diagnosis)
    assert diagnosis.handoff.login["LAB"].ok and diagnosis.handoff.login["LAB"].warm is None


def test_a_connection_the_registry_closed_meanwhile_is_opened_again(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    lab_set = make_set("LAB", reg.host, "alice", reg.users["alice"])
    ref = image(reg.host, "team/app")
    diagnosis = lab_diagnosis(tmp_path)
    diagnosis.context.images, diagnosis.secret_sets = [ref], [lab_set]
    login.run(diagnosis)
    warm = diagnosis.handoff.login["LAB"].warm
    assert warm is not None
    for conn in warm.session._pool.values():
        conn.sock.shutdown(socket.SHUT_RDWR)  # as a server's idle timeout would
    assert pull.run(diagnosis) == []
    assert diagnosis.handoff.pull[ref.ref].facts["digest"] == lab_registries.digests["team/app:1.0"]


def test_a_wrong_image_after_a_passing_login_has_the_cold_verdict(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    lab_set = make_set("LAB", reg.host, "alice", reg.users["alice"])
    missing = image(reg.host, "team/app", "1.O")
    cold = lab_diagnosis(tmp_path)
    expected, _ = run_pull(cold, missing, sets=[lab_set])
    warm = lab_diagnosis(tmp_path)
    found = login_then_pull(warm, missing, sets=[lab_set])
    assert [(f.code, f.stage, f.detail) for f in found] == [
        (f.code, f.stage, f.detail) for f in expected]
    assert [f.code for f in found] == ["IMAGE_NOT_FOUND"]


def test_two_images_on_one_registry_share_nothing_but_both_pass(tmp_path, lab_registries):
    reg = lab_registries.token
    lab_set = make_set("LAB", reg.host, "alice", reg.users["alice"])
    first, second = image(reg.host, "team/app"), image(reg.host, "team/multi")
    diagnosis = lab_diagnosis(tmp_path)
    assert login_then_pull(diagnosis, first, second, sets=[lab_set]) == []
    reused = [ref.ref for ref in (first, second)
              if diagnosis.handoff.pull[ref.ref].stages[0].seconds == 0.0
              and "login's connection" in diagnosis.handoff.pull[ref.ref].stages[0].detail]
    assert reused == [first.ref]
