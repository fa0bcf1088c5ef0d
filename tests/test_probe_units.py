"""Unit tests of the probe's pure parts: challenges, classification, addresses, GHCR decisions
(on recorded registry answers), daemon messages, tag suggestions, fixes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model import ImageRef
from tui.registry.daemon import classify_daemon_message, daemon_registry
from tui.registry.findings import Subject, finding_from
from tui.registry.ghcr import ghcr_verdict
from tui.registry.probe import classify, manifest, tls, transport
from tui.registry.probe.challenge import parse_challenges, pick
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Response
from tui.registry.probe.ladder import api_host


def response(status: int, body: bytes | str = b"", headers=(), reason: str = "") -> Response:
    data = body.encode() if isinstance(body, str) else body
    return Response(status, reason, [(k.lower(), v) for k, v in headers], data, "https://r/v2/")


# --- challenges

def test_parses_bearer_and_basic_challenges():
    found = parse_challenges([
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
        'scope="repository:library/alpine:pull,push"',
        'Basic realm="basic-realm"',
    ])
    assert [c.scheme for c in found] == ["bearer", "basic"]
    assert found[0].realm == "https://auth.docker.io/token"
    assert found[0].params["scope"] == "repository:library/alpine:pull,push"
    assert pick(found).scheme == "bearer"


def test_parses_unquoted_and_escaped_params():
    found = parse_challenges(['Basic realm=lab', 'Bearer realm="a\\"b", service=svc'])
    assert found[0].realm == "lab"
    assert found[1].params == {"realm": 'a"b', "service": "svc"}


@given(st.text(max_size=200))
def test_challenge_parser_never_raises(text):
    parse_challenges([text])


# --- classification of /v2/ answers

def test_ping_classification():
    base = "https://r"
    assert classify.classify_ping(response(200, "{}"), base) == []
    challenges = classify.classify_ping(
        response(401, "", [("WWW-Authenticate", 'Basic realm="x"')]), base)
    assert challenges[0].scheme == "basic"
    cases = {
        401: "NOT_A_REGISTRY", 403: "REGISTRY_FORBIDDEN", 404: "NOT_A_REGISTRY",
        429: "RATE_LIMITED", 500: "REGISTRY_ERROR", 503: "REGISTRY_ERROR",
    }
    for status, code in cases.items():
        with pytest.raises(ProbeFailure) as caught:
            classify.classify_ping(response(status, "<html>nope</html>"), base)
        assert (caught.value.code, caught.value.stage) == (code, "challenge")


def test_html_200_is_not_a_registry():
    page = response(200, "<!DOCTYPE html><html>portal</html>", [("Content-Type", "text/html")])
    with pytest.raises(ProbeFailure) as caught:
        classify.classify_ping(page, "https://r")
    assert caught.value.code == "NOT_A_REGISTRY"


def test_rate_limit_detail_reads_hub_headers():
    answer = response(429, json.dumps({"errors": [{"code": "TOOMANYREQUESTS", "message": "m"}]}),
                      [("Retry-After", "37"), ("ratelimit-remaining", "0;w=21600"),
                       ("ratelimit-limit", "100;w=21600"), ("docker-ratelimit-source", "1.2.3.4")])
    with pytest.raises(ProbeFailure) as caught:
        classify.fail_common(answer, "manifest", "x")
    detail = caught.value.detail
    assert "Retry-After: 37 s" in detail and "ratelimit-remaining: 0;w=21600" in detail
    assert "docker-ratelimit-source: 1.2.3.4" in detail and "TOOMANYREQUESTS" in detail


def test_token_answers():
    assert classify.classify_token(response(200, '{"token": "t1"}'), "r", True) == "t1"
    assert classify.classify_token(response(200, '{"access_token": "t2"}'), "r", False) == "t2"
    for status, creds, code in [(401, True, "LOGIN_UNAUTHORIZED"), (401, False, "PULL_DENIED"),
                                (500, True, "TOKEN_SERVICE_FAILED"),
                                (200, True, "TOKEN_SERVICE_FAILED")]:
        with pytest.raises(ProbeFailure) as caught:
            classify.classify_token(response(status, "{}"), "r", creds)
        assert caught.value.code == code


@pytest.mark.parametrize(("status", "body", "anonymous", "code"), [
    (404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]}, False,
     "IMAGE_NOT_FOUND"),
    (404, {"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known"}]}, False,
     "IMAGE_NOT_FOUND"),
    (401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}, True,
     "PULL_DENIED"),
    (403, {"errors": [{"code": "DENIED", "message": "requested access to the resource is denied"}]},
     False, "PULL_DENIED"),
    (429, {"errors": [{"code": "TOOMANYREQUESTS", "message": "x"}]}, True, "RATE_LIMITED"),
    (502, "bad gateway", False, "REGISTRY_ERROR"),
])
def test_manifest_answers(status, body, anonymous, code):
    text = json.dumps(body) if isinstance(body, dict) else body
    with pytest.raises(ProbeFailure) as caught:
        manifest.classify_manifest(response(status, text), "a/b:1", "manifest", anonymous, True)
    assert caught.value.code == code


def test_hub_anonymous_denial_says_private_or_missing():
    body = json.dumps({"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
    with pytest.raises(ProbeFailure) as caught:
        manifest.classify_manifest(response(401, body), "library/x:1", "manifest", True, True)
    assert "private and for missing" in caught.value.detail


# --- platforms, layers, tags

INDEX = {"manifests": [
    {"digest": "sha256:a", "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
    {"digest": "sha256:b", "platform": {"os": "linux", "architecture": "amd64"}},
    {"digest": "sha256:c", "platform": {"os": "unknown", "architecture": "unknown"}},
]}


def test_choose_platform():
    assert manifest.choose_platform(INDEX, "linux/amd64", "x")["digest"] == "sha256:b"
    assert manifest.choose_platform(INDEX, "linux/arm64", "x")["digest"] == "sha256:a"
    with pytest.raises(ProbeFailure) as caught:
        manifest.choose_platform({"manifests": INDEX["manifests"][:1]}, "linux/amd64", "x")
    assert caught.value.code == "PLATFORM_MISSING" and "linux/arm64/v8" in caught.value.detail


def test_wanted_platform_is_the_codespaces_one_on_any_machine(monkeypatch):
    import platform

    for machine in ("aarch64", "arm64", "x86_64"):  # the checking machine does not matter
        monkeypatch.setattr(platform, "machine", lambda machine=machine: machine)
        assert manifest.wanted_platform() == "linux/amd64"
    assert manifest.wanted_platform("linux/arm64") == "linux/arm64"  # the image's own


def test_the_ecr_step_and_the_pull_step_choose_the_same_entry_and_layer():
    from tui.checks.ecr.images import _layer_digest, _pick_platform

    index = {"manifests": [
        {"digest": "sha256:arm", "platform": {"os": "linux", "architecture": "arm64"}},
        {"digest": "sha256:amd", "platform": {"os": "linux", "architecture": "amd64",
                                               "variant": "v2"}}]}
    assert _pick_platform(index) == manifest.choose_platform(index, "linux/amd64", "x")["digest"]
    image = {"layers": [{"digest": "sha256:big", "size": 900}, {"digest": "sha256:small",
                                                                  "size": 9}]}
    assert _layer_digest(image) == manifest.smallest_layer(image)["digest"] == "sha256:small"
    assert _layer_digest({"fsLayers": [{"blobSum": "sha256:v1"}]}) == "sha256:v1"


def test_smallest_layer():
    doc = {"layers": [{"digest": "a", "size": 30}, {"digest": "b", "size": 3}]}
    assert manifest.smallest_layer(doc)["digest"] == "b"
    assert manifest.smallest_layer({}) is None


def test_suggest_tags_prefers_lookalikes():
    assert manifest.suggest_tags("1.O", ["1.1", "2.0", "1.0", "latest"])[0] == "1.0"
    assert manifest.suggest_tags("lates", ["latest", "1.0"]) == ["latest"]
    assert manifest.suggest_tags("zzz", ["1.0"]) == []


# --- transport helpers

@pytest.mark.parametrize(("text", "expected"), [
    ("ghcr.io", ("ghcr.io", 443)), ("localhost:5000", ("localhost", 5000)),
    ("[::1]:5443", ("::1", 5443)), ("[::1]", ("::1", 443)),
])
def test_split_host(text, expected):
    assert transport.split_host(text, 443) == expected


@pytest.mark.parametrize(("address", "private"), [
    ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True), ("100.64.0.1", True),
    ("169.254.1.1", True), ("fd00::1", True), ("fe80::1", True),
    ("127.0.0.1", False), ("::1", False), ("8.8.8.8", False), ("2001:4860::8888", False),
])
def test_private_addresses(address, private):
    assert transport.private_address(address) is private


def test_loopback_names():
    assert transport.is_loopback_name("localhost") and transport.is_loopback_name("127.0.0.5")
    assert not transport.is_loopback_name("::1") and not transport.is_loopback_name("example.com")


def test_ssl_context_honours_environment(tmp_path):
    missing = tls.ssl_context({"SSL_CERT_FILE": str(tmp_path / "nope.pem")})
    assert missing.verify_mode.name == "CERT_REQUIRED"
    insecure = tls.ssl_context({}, verify=False)
    assert insecure.verify_mode.name == "CERT_NONE" and not insecure.check_hostname


def test_deadline_never_exceeds_per_op_or_total():
    deadline = Deadline(1.0, total=0.5)
    assert 0.01 <= deadline.budget() <= 0.5
    assert Deadline(3.0).budget() <= 3.0


def test_hub_api_host():
    assert api_host("docker.io") == "registry-1.docker.io"
    assert api_host("ghcr.io") == "ghcr.io"
    assert daemon_registry("docker.io") == "https://index.docker.io/v1/"
    assert daemon_registry("localhost:5000") == "localhost:5000"


# --- GHCR decisions on recorded answers

GHCR_IMAGE = ImageRef(ref="ghcr.io/acme/app:1.0", host="ghcr.io", repository="acme/app",
                      reference="1.0", source=".devcontainer/devcontainer.json")
# Recorded GHCR answers (see registry-protocol.md §5): anonymous token for a private package
# → 401; signed in without access → 403 DENIED; missing → 404 NAME_UNKNOWN.
ANON_401 = ProbeFailure("PULL_DENIED", "token",
                        "The token service https://ghcr.io/token gives no anonymous token: "
                        "HTTP 401 Unauthorized")
TOKEN_403 = ProbeFailure("PULL_DENIED", "manifest",
                         "These credentials may not read acme/app:1.0: HTTP 403 Forbidden: "
                         "DENIED: permission_denied: read_package")
TOKEN_404 = ProbeFailure("IMAGE_NOT_FOUND", "manifest", "NAME_UNKNOWN")


def test_ghcr_public_package_passes():
    assert ghcr_verdict(GHCR_IMAGE, None, None, False, "acme/app") is None


def test_ghcr_readable_with_codespace_token_passes():
    assert ghcr_verdict(GHCR_IMAGE, ANON_401, None, True, "acme/app") is None


def test_ghcr_without_token_lists_the_cases():
    verdict = ghcr_verdict(GHCR_IMAGE, ANON_401, None, False, "acme/app")
    assert verdict.code == "GHCR_PACKAGE_ACCESS"
    assert "GITHUB_TOKEN" in verdict.detail and "Manage Codespaces access" in verdict.fix


@pytest.mark.parametrize(("repository", "case"), [
    ("acme/app", "Inherit access from repository"),
    ("acme/other", "acme/other is not in the package's access list"),
    ("bob/tool", "belongs to acme"),
])
def test_ghcr_denied_with_token_names_the_case(repository, case):
    verdict = ghcr_verdict(GHCR_IMAGE, ANON_401, TOKEN_403, True, repository)
    assert verdict.code == "GHCR_PACKAGE_ACCESS"
    assert case in verdict.detail + verdict.fix
    assert "https://github.com/orgs/acme/packages/container/app/settings" in verdict.fix


def test_ghcr_missing_and_network_faults_pass_through():
    assert ghcr_verdict(GHCR_IMAGE, ANON_401, TOKEN_404, True, "acme/app") is TOKEN_404
    refused = ProbeFailure("CONNECT_REFUSED", "tcp", "refused")
    assert ghcr_verdict(GHCR_IMAGE, refused, None, True, "acme/app") is refused


# --- the daemon's messages

@pytest.mark.parametrize(("message", "code"), [
    ("login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized",
     "LOGIN_UNAUTHORIZED"),
    ('Get "http://127.0.0.1:5000/v2/": unauthorized: invalid username or password',
     "LOGIN_UNAUTHORIZED"),
    ('Get "https://x:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
     "CONNECT_REFUSED"),
    ('Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid: no such host',
     "DNS_FAILED"),
    ("Get \"https://x/v2/\": x509: certificate signed by unknown authority", "TLS_UNTRUSTED"),
    ("x509: certificate has expired or is not yet valid: current time", "TLS_EXPIRED"),
    ("x509: certificate is valid for other.example, not localhost", "TLS_HOSTNAME_MISMATCH"),
    ('Get "https://x/v2/": net/http: TLS handshake timeout', "REGISTRY_SLOW"),
    ('Get "https://x/v2/": context deadline exceeded', "REGISTRY_SLOW"),
    ('Get "https://x/v2/": dial tcp 10.0.0.1:443: i/o timeout', "CONNECT_TIMEOUT"),
    ("toomanyrequests: You have reached your pull rate limit", "RATE_LIMITED"),
    ("manifest for x:1.O not found: manifest unknown", "IMAGE_NOT_FOUND"),
    ("pull access denied for x, repository does not exist or may require 'docker login'",
     "PULL_DENIED"),
    ("no matching manifest for linux/amd64 in the manifest list entries", "PLATFORM_MISSING"),
    ("http: server gave HTTP response to HTTPS client", "TLS_NOT_TLS"),
    ("received unexpected HTTP status: 500 Internal Server Error", "REGISTRY_ERROR"),
    ("something else entirely", None),
])
def test_daemon_messages(message, code):
    assert classify_daemon_message(message) == code


# --- fixes and secrets

def test_fixes_are_concrete_and_never_hold_the_password():
    subject = Subject(host="myco.azurecr.io", step="login", prefix="ACR", user="acr-user",
                      repo="acme/app")
    item = finding_from(ProbeFailure("LOGIN_UNAUTHORIZED", "credentials", "401"), subject)
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app" in item.fix
    assert item.stage == "credentials" and item.secret_set == "ACR"
    pulled = finding_from(
        ProbeFailure("PULL_DENIED", "manifest", "denied"),
        Subject(host="myco.azurecr.io", step="pull", prefix="ACR", user="acr-user",
                image=GHCR_IMAGE, repo="acme/app"),
    )
    assert "`acr-user`" in pulled.fix and "acme/app" in pulled.fix and pulled.step == "pull"
    for code in ("DNS_FAILED", "CONNECT_REFUSED", "CONNECT_TIMEOUT", "TLS_UNTRUSTED",
                 "TLS_EXPIRED", "TLS_HOSTNAME_MISMATCH", "TLS_NOT_TLS", "NOT_A_REGISTRY",
                 "REGISTRY_FORBIDDEN", "TOKEN_SERVICE_FAILED", "RATE_LIMITED", "REGISTRY_ERROR",
                 "REGISTRY_SLOW", "IMAGE_NOT_FOUND", "PLATFORM_MISSING", "BLOB_UNREACHABLE"):
        text = finding_from(ProbeFailure(code, "x", "d"), subject).fix
        assert "myco.azurecr.io" in text or "ACR_" in text, code


def test_daemon_less_path_imports_no_heavy_module():
    code = (
        "import sys, tui.checks.login, tui.checks.pull, tui.registry.anonymous\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'requests', 'docker', 'boto3', 'botocore', 'urllib3', 'cryptography'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("host", [
    "", "bad host:1", "127.0.0.1:99999", "127.0.0.1:0", "[::1", "ünï\x00.example",
    "a" * 300, "localhost:abc",
])
def test_bad_hosts_give_a_finding_not_a_traceback(host):
    from tui.model import Secret
    from tui.options import Options
    from tui.registry.probe import probe_login

    started = __import__("time").monotonic()
    ladder = probe_login(host, "u", Secret("CanaryPw-bad-host-1"), Options(environ={}, timeout=1.0))
    assert ladder.failure is not None
    assert __import__("time").monotonic() - started < 2.5
    assert "CanaryPw-bad-host-1" not in ladder.failure.detail
