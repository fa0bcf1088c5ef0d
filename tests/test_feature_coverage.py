"""Features are judged like images: a GHCR Feature needs package access, not secrets; any other
registry's Feature needs a covering secret set; tarballs and local folders are no registry
references."""

from __future__ import annotations

import json

import pytest

from tests.helpers import codes, diagnose, make_options
from tests.test_login import lab_diagnosis, make_set
from tests.test_naming import CANARY, acr, secret_set
from tests.test_pull import image, run_pull
from tui.model import ImageRef, Severity
from tui.registry.ghcr import ghcr_verdict
from tui.registry.probe.errors import ProbeFailure

BASE = "mcr.microsoft.com/devcontainers/base:ubuntu"
STEPS = ("context", "secrets", "naming")


def workspace(tmp_path, features: dict, env: dict[str, str] | None = None,
              more: dict[str, str] | None = None):
    tmp_path.mkdir(parents=True, exist_ok=True)
    files = {".devcontainer/devcontainer.json": json.dumps({"image": BASE,
                                                            "features": features}),
             **(more or {})}
    diagnosis = diagnose(make_options(tmp_path, env=env, workspace_files=files), STEPS)
    for item in diagnosis.findings:
        assert CANARY not in item.detail + item.fix
    return diagnosis


def errors(diagnosis) -> list[str]:
    return [f.code for f in diagnosis.findings if f.severity is Severity.ERROR]


def test_a_ghcr_feature_needs_package_access_not_secrets(tmp_path):
    diagnosis = workspace(tmp_path, {"ghcr.io/acme/features/private-tool:1": {}})
    assert errors(diagnosis) == [], [f.detail for f in diagnosis.findings]
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)
    [info] = [f for f in diagnosis.findings if f.code == "NO_REGISTRY_SECRETS"]
    assert info.severity is Severity.INFO


def test_another_registrys_feature_needs_a_covering_set(tmp_path):
    feature = "myco.azurecr.io/tools/features/lint:2"
    none = workspace(tmp_path / "none", {feature: {}})
    assert errors(none) == ["NO_REGISTRY_SECRETS"]
    [needed] = [f for f in none.findings if f.code == "NO_REGISTRY_SECRETS"]
    assert f"the Feature `{feature}`" in needed.detail and needed.image == feature
    other = workspace(tmp_path / "other", {feature: {}}, secret_set("Q", "quay.io", "u", CANARY))
    [uncovered] = [f for f in other.findings if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert uncovered.detail.startswith(f"The Feature `{feature}`")
    assert "gh secret set ACR_CONTAINER_REGISTRY_SERVER" in uncovered.fix
    assert uncovered.image == feature
    covered = workspace(tmp_path / "covered", {feature: {}}, acr())
    assert errors(covered) == [], [f.detail for f in covered.findings]


def test_a_near_miss_set_for_a_feature_says_feature(tmp_path):
    feature = "myco.azurecr.io/tools/features/lint:2"
    diagnosis = workspace(tmp_path, {feature: {}}, acr(server="MyCo.azurecr.io"))
    [near] = [f for f in diagnosis.findings if f.code == "IMAGE_SERVER_NEAR_MISS"]
    assert f"the Feature `{feature}`" in near.detail


def test_tarballs_and_local_features_are_not_registry_references(tmp_path):
    features = {
        "./local-feature": {},
        "https://example.com/releases/devcontainer-feature-go.tgz": {},
    }
    local = {".devcontainer/local-feature/devcontainer-feature.json": '{"id": "local-feature"}'}
    diagnosis = workspace(tmp_path, features, more=local)
    assert [i.ref for i in diagnosis.context.images] == [BASE]
    assert errors(diagnosis) == [], [f.detail for f in diagnosis.findings]


def test_the_coverage_judge_skips_non_registry_references_it_is_given(tmp_path):
    """Even if the listing hands one over, a local folder or URL is never "uncovered"."""
    from tui.checks.diagnosis import Diagnosis

    diagnosis = Diagnosis(make_options(tmp_path, env=acr(server="quay.io")))
    diagnosis.context.images = [
        ImageRef(ref=ref, host="docker.io", repository="library/x", reference="latest",
                 source="devcontainer.json", role="feature")
        for ref in ("./features/x", "https://example.com/devcontainer-feature-x.tgz")
    ]
    diagnosis.run_all(("secrets", "naming"))
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)
    assert "NO_REGISTRY_SECRETS" not in codes(diagnosis)


def test_a_denied_ghcr_feature_gets_package_access_advice():
    feature = ImageRef(ref="ghcr.io/acme/features/tool:1", host="ghcr.io",
                       repository="acme/features/tool", reference="1",
                       source=".devcontainer/devcontainer.json", role="feature")
    anonymous = ProbeFailure("PULL_DENIED", "token", "no anonymous token: HTTP 401")
    denied = ProbeFailure("PULL_DENIED", "manifest", "HTTP 403 Forbidden: DENIED")
    for token, with_token in ((False, None), (True, denied)):
        verdict = ghcr_verdict(feature, anonymous, with_token, token, "acme/app")
        assert verdict.code == "GHCR_PACKAGE_ACCESS"
        assert "the Feature ghcr.io/acme/features/tool" in verdict.detail
        assert "Manage Codespaces access" in verdict.fix and "acme/app" in verdict.fix
        assert "features%2Ftool" in verdict.fix, "the nested package's settings page"


@pytest.mark.lab
def test_a_private_feature_pulls_with_its_set_and_is_refused_without(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    feature = image(reg.host, "team/tool", "1.0", role="feature")
    ok, _ = run_pull(lab_diagnosis(tmp_path / "ok"), feature,
                     sets=[make_set("LAB", reg.host, "alice", reg.users["alice"])])
    assert ok == [], [f.detail for f in ok]
    refused, _ = run_pull(lab_diagnosis(tmp_path / "refused"), feature)
    assert [f.code for f in refused] == ["PULL_DENIED"]
    assert "No secret set names" in refused[0].fix
