"""The catalogue holds every SPEC code, and explain / docs/findings.md come from it."""

from __future__ import annotations

from pathlib import Path

from tui.catalogue import CATALOGUE, finding
from tui.model import STEP_IDS, Severity
from tui.report.explain import explain_text, findings_markdown, suggest

ROOT = Path(__file__).resolve().parent.parent

SPEC_CODES = """
RECOVERY_MODE CREATION_LOG_ERROR DEVCONTAINER_NOT_FOUND DEVCONTAINER_INVALID
DOCKER_DAEMON_UNAVAILABLE INTERNAL_ERROR NO_REGISTRY_SECRETS SECRET_SET_INCOMPLETE SECRET_EMPTY
SECRETS_NOT_LOADED SECRET_NAME_MISSPELLED SECRET_PREFIX_MISMATCH SECRET_PREFIX_MISSING
SECRET_SERVER_DUPLICATE SECRET_VALUE_WHITESPACE SECRET_VALUE_QUOTED SERVER_INVALID
SERVER_HAS_SCHEME SERVER_HAS_PATH DOCKERHUB_SERVER_VALUE DOCKERHUB_USER_IS_EMAIL
GHCR_SECRETS_UNNEEDED GHCR_FINE_GRAINED_TOKEN ECR_SERVER_INVALID ECR_TEMPORARY_KEY ECR_KEY_FORMAT
ECR_CREDENTIALS_SWAPPED ECR_TOKEN_EXPIRED ECR_TOKEN_SHORT_LIVED GCR_JSON_KEY_INVALID
IMAGE_REGISTRY_UNCOVERED IMAGE_SERVER_NEAR_MISS DNS_FAILED DNS_PRIVATE_ADDRESS CONNECT_REFUSED
CONNECT_TIMEOUT TLS_UNTRUSTED TLS_EXPIRED TLS_HOSTNAME_MISMATCH TLS_NOT_TLS NOT_A_REGISTRY
REGISTRY_FORBIDDEN LOGIN_UNAUTHORIZED TOKEN_SERVICE_FAILED RATE_LIMITED REGISTRY_ERROR
REGISTRY_SLOW PULL_DENIED IMAGE_NOT_FOUND PLATFORM_MISSING BLOB_UNREACHABLE GHCR_PACKAGE_ACCESS
DOCKER_LOGIN_FAILED DOCKER_PULL_FAILED AWS_KEY_INVALID AWS_UNREACHABLE AWS_ACCOUNT_MISMATCH
ECR_PERMISSION_MISSING ECR_REPOSITORY_NOT_FOUND
""".split()  # noqa: SIM905 - the SPEC's list, pasted

SPEC_SEVERITY_NOT_ERROR = {
    "RECOVERY_MODE": Severity.INFO,
    "DEVCONTAINER_NOT_FOUND": Severity.INFO,
    "DOCKER_DAEMON_UNAVAILABLE": Severity.INFO,
    "SECRET_PREFIX_MISSING": Severity.WARNING,
    "SECRET_SERVER_DUPLICATE": Severity.WARNING,
    "SERVER_HAS_SCHEME": Severity.WARNING,
    "SERVER_HAS_PATH": Severity.WARNING,
    "DOCKERHUB_USER_IS_EMAIL": Severity.WARNING,
    "GHCR_SECRETS_UNNEEDED": Severity.INFO,
    "ECR_KEY_FORMAT": Severity.WARNING,
    "ECR_TOKEN_SHORT_LIVED": Severity.WARNING,
    "DNS_PRIVATE_ADDRESS": Severity.WARNING,
    "AWS_ACCOUNT_MISMATCH": Severity.WARNING,
}


def test_every_spec_code_is_in_the_catalogue_with_its_default_severity():
    assert set(SPEC_CODES) <= set(CATALOGUE)
    for code in SPEC_CODES:
        assert CATALOGUE[code].severity is SPEC_SEVERITY_NOT_ERROR.get(code, Severity.ERROR), code


def test_every_entry_is_complete():
    for entry in CATALOGUE.values():
        assert entry.step in STEP_IDS
        assert entry.title and entry.meaning and entry.fix, entry.code
        assert not entry.title.endswith("."), entry.code


def test_finding_takes_catalogue_defaults_and_overrides():
    made = finding("SECRET_EMPTY", "ACR_CONTAINER_REGISTRY_USER is empty", secret_set="ACR")
    assert (made.severity, made.step, made.secret_set) == (Severity.ERROR, "secrets", "ACR")
    assert made.fix == CATALOGUE["SECRET_EMPTY"].fix
    lowered = finding("NO_REGISTRY_SECRETS", "no image needs them", severity=Severity.INFO)
    assert lowered.severity is Severity.INFO


def test_explain_knows_every_code_in_any_case_and_suggests_close_ones():
    for code in CATALOGUE:
        text = explain_text(code.lower())
        assert text is not None and text.startswith(code)
    assert explain_text("NOPE") is None
    assert suggest("SECRET_EMTPY") == "SECRET_EMPTY"


def test_docs_findings_md_is_generated_from_the_catalogue():
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert doc == findings_markdown(), "run: python -m tui.report.explain > docs/findings.md"
    for code in CATALOGUE:
        assert f"### `{code}`" in doc
