"""IMAGE_NOT_AN_IMAGE: the Pull step reads the manifest's media types, against the real lab
registries holding a Feature, a Template and a Helm chart published through the registry API
(tests/lab/seed.py), and names what the reference is instead of a platform or layer error."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import codes, make_options
from tests.test_login import lab_diagnosis, make_set
from tests.test_pull import image, run_pull
from tui.checks.diagnosis import Diagnosis
from tui.model import Severity
from tui.registry.probe.artifacts import classify_index, classify_manifest

pytestmark = pytest.mark.lab

PULL_NOISE = {"PLATFORM_MISSING", "BLOB_UNREACHABLE", "IMAGE_NOT_FOUND"}


def alice(reg):
    return make_set("LAB", reg.host, "alice", reg.users["alice"])


@pytest.mark.parametrize(("repository", "tag", "label", "fix"), [
    ("devcontainers/features/node", "1",
     "a dev container Feature (`devcontainer-feature-node.tgz`)",
     '"features": {"HOST/devcontainers/features/node:1": {}}'),
    ("team/tool", "1.0", "a dev container Feature (`devcontainer-feature-tool.tgz`)",
     '"features": {"HOST/team/tool:1.0": {}}'),
    ("devcontainers/templates/python", "latest",
     "a dev container Template (`devcontainer-template-python.tgz`)",
     "devcontainer templates apply --template-id HOST/devcontainers/templates/python"),
    ("charts/web", "0.1.0", "a Helm chart (`web` 0.1.0)", "helm install"),
])
@pytest.mark.parametrize("registry", ["basic_http", "token"])
def test_an_artifact_is_named_not_pulled(tmp_path, lab_registries, registry, repository, tag,
                                         label, fix):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path)
    ref = image(reg.host, repository, tag)
    findings, elapsed = run_pull(diagnosis, ref, sets=[alice(reg)])
    assert [(f.code, f.stage, f.image) for f in findings] == [
        ("IMAGE_NOT_AN_IMAGE", "manifest", ref.ref)], [f.detail for f in findings]
    found = findings[0]
    assert f"is {label}, not a container image" in found.detail
    assert "config `application/vnd." in found.detail, "the media types that say so"
    assert fix.replace("HOST", reg.host) in found.fix
    ladder = diagnosis.handoff.pull[ref.ref]
    assert "blob" not in [s.name for s in ladder.stages], "no layer is fetched"
    assert elapsed < 2.5


def test_a_feature_reference_is_expected_to_be_a_feature(tmp_path, lab_registries):
    """Under `features`, a Feature is what the reference must be: it pulls, no finding."""
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    feature = image(reg.host, "devcontainers/features/node", "1", role="feature")
    findings, _ = run_pull(diagnosis, feature)
    assert findings == [], [f.detail for f in findings]


def test_real_images_are_still_images(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_pull(diagnosis, image(reg.host, "team/app"), image(reg.host, "team/multi"),
                           sets=[alice(reg)])
    assert findings == []


def run_workspace(tmp_path, ref: str, env: dict[str, str] | None = None) -> Diagnosis:
    files = {".devcontainer/devcontainer.json": json.dumps({"image": ref})}
    diagnosis = Diagnosis(make_options(tmp_path, env=env, workspace_files=files, offline=False,
                                       no_daemon=True, timeout=2.0))
    diagnosis.run_all(("context", "secrets", "naming", "login", "pull"))
    return diagnosis


def errors(diagnosis: Diagnosis) -> list[str]:
    return [f.code for f in diagnosis.findings if f.severity is Severity.ERROR]


def test_online_a_template_id_is_one_error_read_from_the_manifest(tmp_path, lab_registries):
    """The context step leaves the path guess to the manifest; no secret or coverage error
    is raised for the same reference (anonymous reads work, like GHCR's public collections)."""
    reg = lab_registries.token
    ref = f"{reg.host}/devcontainers/templates/python"
    diagnosis = run_workspace(tmp_path, ref)
    assert errors(diagnosis) == ["IMAGE_NOT_AN_IMAGE"], [f.detail for f in diagnosis.findings]
    assert "IMAGE_REF_INVALID" not in codes(diagnosis)


def test_online_a_feature_at_a_plain_path_is_caught_by_its_manifest(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    env = {f"LAB_CONTAINER_REGISTRY_{k}": v
           for k, v in (("SERVER", reg.host), ("USER", "alice"),
                        ("PASSWORD", reg.users["alice"]))}
    diagnosis = run_workspace(tmp_path, f"{reg.host}/team/tool:1.0", env)
    assert errors(diagnosis) == ["IMAGE_NOT_AN_IMAGE"], [f.detail for f in diagnosis.findings]


def test_online_a_feature_looking_path_that_cannot_be_read_is_judged_after_all(
        tmp_path, lab_registries):
    """The manifest cannot confirm the guess (missing): the registry's answer stays, and the
    path guess is said beside it (a warning: outside ghcr.io it is only a guess)."""
    reg = lab_registries.token
    diagnosis = run_workspace(tmp_path, f"{reg.host}/devcontainers/features/gone:1")
    pull = [f for f in diagnosis.findings if f.step == "pull"]
    assert [f.code for f in pull][-1] == "IMAGE_REF_INVALID", [f.detail for f in pull]
    judged = pull[-1]
    assert judged.severity is Severity.WARNING and "could not be read" in judged.detail
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)


# --- the reader, on any input -----------------------------------------------------------------

JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30),
              st.sampled_from(["application/vnd.devcontainers", "application/vnd.oci.image."
                               "config.v1+json", "application/vnd.cncf.helm.config.v1+json",
                               "devcontainer-feature-x.tgz", "\x1b[31m"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["config", "layers", "mediaType", "artifactType", "annotations",
                                 "manifests", "blobs", "org.opencontainers.image.title", "x"]),
                                inner, max_size=5)),
    max_leaves=15,
)


@settings(max_examples=300, deadline=None)
@given(document=JSONISH)
def test_the_media_type_reader_never_crashes_and_shows_only_printable_text(document) -> None:
    for reader in (classify_manifest, classify_index):
        found = reader(document)
        if found is not None:
            assert found.kind and found.label
            assert all(ch.isprintable() for ch in found.label + found.evidence)


def test_image_configs_are_images_and_unknown_types_are_artifacts() -> None:
    oci = {"config": {"mediaType": "application/vnd.oci.image.config.v1+json"},
           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd"}]}
    docker = {"config": {"mediaType": "application/vnd.docker.container.image.v1+json"}}
    assert classify_manifest(oci) is None and classify_manifest(docker) is None
    assert classify_manifest({"schemaVersion": 1, "fsLayers": []}) is None
    oras = classify_manifest({"config": {"mediaType": "application/vnd.unknown.config.v1+json"},
                              "layers": [{"mediaType": "application/octet-stream"}]})
    assert oras is not None and oras.kind == "artifact"
    assert "`application/vnd.unknown.config.v1+json`" in oras.label
    signed = classify_manifest({"artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
                                "config": {"mediaType": "application/vnd.oci.empty.v1+json"}})
    assert signed is not None and signed.kind == "signature"
    index = classify_index({"manifests": [{"artifactType": "application/vnd.cncf.helm."
                                                           "config.v1+json"}]})
    assert index is not None and index.kind == "helm"
    assert classify_index({"manifests": [{"platform": {"os": "linux"}}]}) is None
