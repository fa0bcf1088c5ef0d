"""No English fallback in Japanese: the registry, GitHub and AWS wings and the Login, Pull,
GitHub and ECR steps run against the lab (registries, fault servers, moto, the GitHub
stand-in) with the language set to Japanese; every finding's title, detail and fix, every
ladder note, skip reason and ECR note they make must be Japanese, never ASCII-only prose.
"""

from __future__ import annotations

import re

import pytest

from tests.lab.github_scenarios import CASES
from tests.test_ecr import ecr_set, image_on, lab_run, run_ecr
from tests.test_github_api import run_case
from tests.test_image_sense import devcontainer
from tests.test_image_sense import run as run_naming
from tests.test_login import CANARY, FAULTS, lab_diagnosis, make_set, run_login
from tests.test_naming import acr
from tests.test_pull import PULL_FAULTS, image, run_pull
from tui import i18n
from tui.checks.diagnosis import StepSkipped
from tui.model import Finding

CODE_SPAN = re.compile(r"`[^`]*`")
WORD = re.compile(r"[A-Za-z][a-z]+[,.:;)]?")


@pytest.fixture(autouse=True)
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def english_prose(text: str) -> bool:
    """All ASCII and at least three plain words outside code spans: an English sentence.

    Codes, hosts, ARNs, digests and commands are single tokens, so `HTTP 500` or
    `arn:aws:iam::1:user/x` is not prose; `the daemon did not answer` is.
    """
    if not text or not text.isascii():
        return False
    words = [w for w in CODE_SPAN.sub(" ", text).split() if WORD.fullmatch(w)]
    return len(words) >= 3


def test_the_prose_check_tells_sentences_from_values():
    assert english_prose("the daemon did not answer in time")
    assert not english_prose("デーモンが応答しませんでした: connection refused by peer")
    assert not english_prose("arn:aws:iam::123456789012:user/nopolicy")
    assert not english_prose("HTTP 500 Internal")
    assert not english_prose("`gh secret set NAME --user`")


def assert_japanese(findings: list[Finding]) -> None:
    assert findings, "the scenario gave no finding to read"
    for item in findings:
        for part in ("title", "detail", "fix"):
            text = getattr(item, part) or ""
            assert not english_prose(text), f"{item.code} {part}: {text}"


def assert_ladder_japanese(ladder) -> None:
    for stage in ladder.stages:
        assert not english_prose(stage.detail), f"{stage.name} {stage.status}: {stage.detail}"


# --- Login and Pull against the lab's registries and fault servers -------------------------

@pytest.mark.parametrize(("fault", "code", "stage"), FAULTS, ids=[f[0] for f in FAULTS])
def test_login_faults_in_japanese(tmp_path, lab_registries, lab_faults, fault, code, stage):
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, _ = run_login(diagnosis, make_set("LAB", lab_faults[fault], "alice", CANARY))
    assert [f.code for f in findings] == [code]
    assert_japanese(findings)
    assert_ladder_japanese(diagnosis.handoff.login["LAB"])


@pytest.mark.parametrize("registry", ["basic_http", "basic_tls", "token"])
def test_login_passing_and_refused_ladders_in_japanese(tmp_path, lab_registries, registry):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    run_login(diagnosis, make_set("OK", reg.host, "alice", reg.users["alice"]))
    assert diagnosis.handoff.login["OK"].ok
    assert_ladder_japanese(diagnosis.handoff.login["OK"])
    findings, _ = run_login(diagnosis, make_set("BAD", reg.host, "alice", CANARY))
    assert [f.code for f in findings] == ["LOGIN_UNAUTHORIZED"]
    assert_japanese(findings)
    assert_ladder_japanese(diagnosis.handoff.login["BAD"])


def test_pull_ladders_and_findings_in_japanese(tmp_path, lab_registries, lab_faults):
    reg = lab_registries.basic_http
    good = make_set("LAB", reg.host, "alice", reg.users["alice"])
    cases = [
        (image(reg.host, "team/app"), [good], []),
        (image(reg.host, "team/multi"), [good], []),
        (image(reg.host, "team/app", "1.O"), [good], ["IMAGE_NOT_FOUND"]),
        (image(reg.host, "team/armonly"), [good], ["PLATFORM_MISSING"]),
        (image(lab_registries.token.host, "team/private"), [], ["PULL_DENIED"]),
        (image(lab_faults["blob_redirect"], "team/app"),
         [make_set("BLOB", lab_faults["blob_redirect"], "alice", reg.users["alice"])],
         ["BLOB_UNREACHABLE"]),
    ]
    for ref, sets, expected in cases:
        diagnosis = lab_diagnosis(tmp_path)
        findings, _ = run_pull(diagnosis, ref, sets=sets)
        assert [f.code for f in findings] == expected, findings
        if expected:
            assert_japanese(findings)
        assert_ladder_japanese(diagnosis.handoff.pull[ref.ref])


@pytest.mark.parametrize(("fault", "code", "stage"), PULL_FAULTS, ids=[f[0] for f in PULL_FAULTS])
def test_pull_faults_in_japanese(tmp_path, lab_registries, lab_faults, fault, code, stage):
    host = lab_faults[fault]
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, _ = run_pull(diagnosis, image(host, "team/app"),
                           sets=[make_set("LAB", host, "alice", CANARY)])
    assert [f.code for f in findings] == [code]
    assert_japanese(findings)


def test_skip_reasons_in_japanese(tmp_path):
    from tui.checks import login, pull

    diagnosis = lab_diagnosis(tmp_path)
    for step in (login, pull):
        with pytest.raises(StepSkipped) as skipped:
            step.run(diagnosis)
        assert not english_prose(str(skipped.value.args[0])), skipped.value


# --- image references and coverage (made by the registry wing for the Names step) ----------

@pytest.mark.parametrize("ref", [
    "myco.azurecr.io", "ghcr.io/devcontainers/templates/python",
    "ghcr.io/devcontainers/features/node:1", "registry.example.com/team/app:1.0",
    "MYCO.azurecr.io/team/app:1.0", "myco2.azurecr.io/team/app:1.0",
])
def test_image_reference_findings_in_japanese(tmp_path, ref):
    diagnosis = run_naming(tmp_path, devcontainer(ref), acr())
    mine = [f for f in diagnosis.findings if f.code in (
        "IMAGE_REF_INVALID", "IMAGE_REGISTRY_UNCOVERED", "IMAGE_SERVER_NEAR_MISS")]
    assert_japanese(mine)


# --- GitHub against the stand-in -----------------------------------------------------------

@pytest.mark.parametrize("item", [c for c in CASES if c.expected], ids=lambda c: c.name)
def test_github_verdicts_in_japanese(tmp_path, github_api, item):
    diagnosis = run_case(tmp_path, github_api, item)
    assert_japanese(diagnosis.results["github"].findings)
    facts = diagnosis.handoff.github_facts
    for unasked in facts.unasked if facts is not None else []:
        assert not english_prose(unasked.question), unasked
        assert not english_prose(unasked.reason), unasked
    for secret in facts.secrets if facts is not None else []:
        assert not english_prose(secret.grant_note), secret


def test_github_without_a_token_in_japanese(tmp_path):
    from tests.helpers import make_options
    from tui.checks.diagnosis import Diagnosis

    diagnosis = Diagnosis(make_options(tmp_path, {"PATH": str(tmp_path / "empty")},
                                       offline=False))
    diagnosis.prime()
    result = diagnosis.run_step("github")
    assert result.status == "skip" and not english_prose(result.note)
    assert_japanese(result.findings)


# --- ECR against moto ----------------------------------------------------------------------

@pytest.mark.parametrize(("user", "repository"), [
    ("nopolicy", None), ("tokenonly", None), ("denybatch", None), ("pullonly", None),
    ("pullonly", "team/missing"),
])
def test_ecr_findings_notes_and_progress_in_japanese(tmp_path, ecr_lab, user, repository):
    diagnosis = lab_run(tmp_path, ecr_lab, user, repository=repository)
    findings = diagnosis.results["ecr"].findings
    if findings:
        assert_japanese(findings)
    result = diagnosis.handoff.ecr["ECR"]
    for text in (*result.notes, result.probe):
        assert not english_prose(text), text
    for event in diagnosis.progress_events:  # type: ignore[attr-defined]
        assert not english_prose(event.detail), event


@pytest.mark.parametrize(("key", "secret", "host"), [
    ("AKIAZZZZZZZZZZZZZZZZ", "s" * 40, None),
    ("ASIAZZZZZZZZZZZZZZZZ", "s" * 40, None),
    ("pullonly", "W" * 40, None),
    ("pullonly", None, "210987654321.dkr.ecr.us-east-1.amazonaws.com"),
])
def test_ecr_key_findings_in_japanese(tmp_path, ecr_lab, key, secret, host):
    if key in ecr_lab.keys:
        key, real = ecr_lab.keys[key]
        secret = secret or real
    host = host or ecr_lab.host
    diagnosis = run_ecr(tmp_path, ecr_lab, [ecr_set("ECR", host, key, secret)],
                        [image_on(host, "team/app")], repository="acme/app")
    assert_japanese(diagnosis.results["ecr"].findings)


def test_ecr_explanation_in_japanese():
    from tui.aws.explain import explain_ecr
    from tui.aws.policy import EXPLANATION, attach_instructions

    for explained in explain_ecr([], [], {}, "offline"):
        for text in (explained.mode_title, explained.mode_text, explained.verified,
                     explained.console_steps, *(r.why for r in explained.rights),
                     *(why for _action, why in explained.not_needed)):
            assert not english_prose(text), text
    assert not english_prose(EXPLANATION)
    for line in attach_instructions("ci-puller").splitlines():
        if not line.strip().startswith("aws "):
            assert not english_prose(line), line


def test_english_stays_the_default_source_text():
    i18n.set_language("en")
    from tui.aws.policy import EXPLANATION

    assert EXPLANATION.startswith("With USER set to an access key id")
