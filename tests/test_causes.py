"""The cause model (tui/causes): one lead per failing image, by specificity; the generic
findings the lead explains lowered; the first fix is the first failing image's lead."""

from __future__ import annotations

from tui.catalogue import finding
from tui.causes import first_fix, judge
from tui.causes.rules import GENERIC, LOG_LINE, REFERENCE, VERDICT, tier
from tui.model import Severity

IMAGE = "myco.azurecr.io/app:1"
OTHER = "ghcr.io/acme/base:2"


def test_specificity_orders_name_over_verdict_over_log_over_generic():
    assert tier("SECRET_NAME_MISSPELLED", "naming") == REFERENCE
    assert tier("IMAGE_REF_INVALID", "context") == REFERENCE
    assert tier("LOGIN_UNAUTHORIZED", "login") == VERDICT
    assert tier("SECRET_NOT_GRANTED", "github") == VERDICT
    assert tier("CREATION_LOG_ERROR", "context") == LOG_LINE
    for code in ("NO_REGISTRY_SECRETS", "CODESPACES_PLATFORM_FAULT", "CREATION_LOG_UNCLASSIFIED"):
        assert tier(code, "context") == GENERIC


def test_the_most_specific_finding_leads_and_the_generic_ones_are_lowered():
    found = judge([
        finding("CREATION_LOG_ERROR", "log"),
        finding("CODESPACES_PLATFORM_FAULT", "outcome line"),
        finding("NO_REGISTRY_SECRETS", "none"),
        finding("LOGIN_UNAUTHORIZED", "401", secret_set="ACR"),
        finding("IMAGE_SERVER_NEAR_MISS", "case", secret_set="ACR", image=IMAGE),
    ], [IMAGE], {IMAGE: "ACR"})
    by_code = {f.code: f for f in found}
    assert [f.code for f in found if f.lead] == ["IMAGE_SERVER_NEAR_MISS"]
    for code in ("CREATION_LOG_ERROR", "CODESPACES_PLATFORM_FAULT", "NO_REGISTRY_SECRETS"):
        assert by_code[code].severity is Severity.INFO
        assert "IMAGE_SERVER_NEAR_MISS names the cause" in by_code[code].detail
    assert by_code["LOGIN_UNAUTHORIZED"].severity is Severity.ERROR  # a verdict of its own


def test_a_set_that_covers_no_image_does_not_take_the_lead_of_an_image():
    found = judge([
        finding("CREATION_LOG_ERROR", "manifest unknown"),
        finding("SECRET_VALUE_QUOTED", "quotes", secret_set="UNUSED"),
    ], [IMAGE], {IMAGE: None})
    assert {f.code for f in found if f.lead} == {"CREATION_LOG_ERROR", "SECRET_VALUE_QUOTED"}
    assert all(f.severity is Severity.ERROR for f in found)


def test_each_failing_image_has_its_own_lead_and_the_first_image_leads_the_summary():
    found = judge([
        finding("PULL_DENIED", "denied", image=OTHER),
        finding("IMAGE_NOT_FOUND", "missing", image=IMAGE),
        finding("NO_REGISTRY_SECRETS", "none"),
    ], [IMAGE, OTHER], {})
    assert {f.code for f in found if f.lead} == {"PULL_DENIED", "IMAGE_NOT_FOUND"}
    first = first_fix(found, [IMAGE, OTHER])
    assert first is not None and first.code == "IMAGE_NOT_FOUND"
    assert first_fix(found, [OTHER, IMAGE]).code == "PULL_DENIED"


def test_a_cause_lowers_what_it_explains_wherever_it_was_raised():
    cause = finding("CREATION_LOG_ERROR", "tag missing")
    cause = type(cause)(**{**cause.__dict__, "explains": ("IMAGE_REGISTRY_UNCOVERED",)})
    found = judge([cause, finding("IMAGE_REGISTRY_UNCOVERED", "no set", image=OTHER)],
                  [IMAGE, OTHER], {})
    [uncovered] = [f for f in found if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert uncovered.severity is Severity.INFO and not uncovered.lead


def test_nothing_leads_without_a_failure_and_notes_never_lead():
    found = judge([finding("RECOVERY_MODE", "note"), finding("SERVER_HAS_PATH", "warn"),
                   finding("GITHUB_TOKEN_UNAVAILABLE", "no token")], [IMAGE], {})
    assert not any(f.lead for f in found)
    assert first_fix(found, [IMAGE]) is None


def test_a_platform_fault_leads_only_when_nothing_else_names_a_cause():
    alone = judge([finding("CODESPACES_PLATFORM_FAULT", "internal error")], [IMAGE], {})
    assert [f.lead for f in alone] == [True]
    named = judge([finding("CODESPACES_PLATFORM_FAULT", "outcome"),
                   finding("IMAGE_REF_INVALID", "bad ref", image=IMAGE)], [IMAGE], {})
    assert [f.code for f in named if f.lead] == ["IMAGE_REF_INVALID"]
    assert named[0].severity is Severity.INFO


def test_judging_again_gives_the_same_answer():
    once = judge([finding("CREATION_LOG_ERROR", "log"), finding("NO_REGISTRY_SECRETS", "x")])
    assert judge(once) == once
