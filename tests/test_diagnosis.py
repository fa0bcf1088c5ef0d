"""The step runner: order, skips, crashes turned into findings, redaction, fixes in order."""

from __future__ import annotations

import sys
import types

import pytest

from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.model import STEP_IDS, Secret, Severity, Variable
from tui.steps import NETWORK_STEPS

CANARY = "canary-diag-5b1d2e"


@pytest.fixture
def fake_steps(monkeypatch):
    """Replace step modules with in-memory ones: `fake_steps(step=function)`."""

    def install(**functions):
        for step, function in functions.items():
            module = types.ModuleType(f"fake_{step}")
            module.run = function
            monkeypatch.setitem(sys.modules, f"tui.checks.{step}", module)

    return install


def test_offline_skips_the_network_steps(options_for):
    diagnosis = Diagnosis(options_for())
    results = diagnosis.run_all()
    assert [r.id for r in results] == list(STEP_IDS)
    for result in results:
        if result.id in NETWORK_STEPS:
            assert result.status == "skip" and "offline" in result.note


def test_a_crashing_step_becomes_internal_error_and_the_rest_still_runs(options_for, fake_steps):
    def boom(diagnosis):
        raise RuntimeError(f"broke while holding {CANARY}")

    def fine(diagnosis):
        return [finding("SECRET_EMPTY", "X_CONTAINER_REGISTRY_USER is empty")]

    fake_steps(context=boom, secrets=fine)
    diagnosis = Diagnosis(options_for())
    diagnosis.redactor.add(Secret(CANARY))
    diagnosis.run_all(("context", "secrets"))
    crash = diagnosis.results["context"]
    assert crash.status == "fail"
    assert [f.code for f in crash.findings] == ["INTERNAL_ERROR"]
    assert crash.findings[0].step == "context"
    assert "RuntimeError" in crash.findings[0].detail and CANARY not in crash.findings[0].detail
    assert diagnosis.results["secrets"].status == "fail"


def test_step_skipped_gives_the_reason(options_for, fake_steps):
    def skip(diagnosis):
        raise StepSkipped("no ECR secret set")

    fake_steps(naming=skip)
    result = Diagnosis(options_for()).run_step("naming")
    assert (result.status, result.note) == ("skip", "no ECR secret set")


def test_findings_are_redacted_when_stored(options_for, fake_steps):
    def leaky(diagnosis):
        return [finding("LOGIN_UNAUTHORIZED", f"sent {CANARY}", fix=f"not {CANARY}")]

    fake_steps(login=leaky)
    diagnosis = Diagnosis(options_for(offline=False))
    diagnosis.variables = [Variable("A_CONTAINER_REGISTRY_PASSWORD", Secret(CANARY), "environment")]
    diagnosis.redactor.add(Secret(CANARY))
    stored = diagnosis.run_step("login").findings[0]
    assert CANARY not in stored.detail + stored.fix


def test_fixes_come_errors_then_warnings_first_broken_stage_first(options_for, fake_steps):
    fake_steps(
        naming=lambda d: [finding("SERVER_HAS_PATH", "w"), finding("SECRET_VALUE_QUOTED", "e")],
        secrets=lambda d: [finding("SECRET_PREFIX_MISSING", "w2", step="secrets")],
        context=lambda d: [finding("RECOVERY_MODE", "info only")],
    )
    diagnosis = Diagnosis(options_for())
    diagnosis.run_all(("context", "secrets", "naming"))
    order = [f.code for f in diagnosis.fixes_in_order()]
    assert order == ["SECRET_VALUE_QUOTED", "SECRET_PREFIX_MISSING", "SERVER_HAS_PATH"]
    assert all(f.severity is not Severity.INFO for f in diagnosis.fixes_in_order())


def test_creation_log_evidence_comes_after_the_causes_it_shows(options_for, fake_steps):
    fake_steps(
        context=lambda d: [finding("CREATION_LOG_ERROR", "unauthorized")],
        naming=lambda d: [finding("SECRET_VALUE_QUOTED", "e")],
    )
    diagnosis = Diagnosis(options_for())
    diagnosis.run_all(("context", "naming"))
    order = [f.code for f in diagnosis.fixes_in_order()]
    assert order == ["SECRET_VALUE_QUOTED"]  # the log's line is the evidence it explains
    [evidence] = [f for f in diagnosis.findings if f.code == "CREATION_LOG_ERROR"]
    assert evidence.severity is Severity.INFO and not evidence.lead
    assert "SECRET_VALUE_QUOTED names the cause" in evidence.detail
    alone = Diagnosis(options_for())
    alone.run_all(("context",))
    assert [f.code for f in alone.fixes_in_order()] == ["CREATION_LOG_ERROR"]


def test_progress_listener_errors_never_break_a_step(options_for, fake_steps):
    seen = []

    def reporting(diagnosis):
        diagnosis.report("login", "ACR", "dns", "running", f"resolving {CANARY}")
        return []

    def listener(event):
        seen.append(event)
        raise ValueError("listener bug")

    fake_steps(login=reporting)
    diagnosis = Diagnosis(options_for(offline=False), progress=listener)
    diagnosis.redactor.add(Secret(CANARY))
    assert diagnosis.run_step("login").status == "pass"
    assert seen and CANARY not in seen[0].detail
