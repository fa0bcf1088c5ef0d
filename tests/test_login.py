"""The login step against the loopback lab: real registries, a real token service, faults.

Each fault gives its finding code at the right stage within the bound (timeout 1 s → < 2.5 s),
and no password ever shows in a finding.
"""

from __future__ import annotations

import time

import pytest

from tests.helpers import make_options
from tui.checks import login
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.model import Finding, Secret, SecretSet, Variable

BOUND = 2.5
CANARY = "CanaryPw-login-7f3e9d1c2b"


def make_set(prefix: str, host: str, user: str, password: str, kind: str = "generic") -> SecretSet:
    """A complete secret set as the secrets step would build it."""
    name = f"{prefix}_CONTAINER_REGISTRY_"
    return SecretSet(
        prefix=prefix,
        server=Variable(name + "SERVER", host, "environment"),
        user=Variable(name + "USER", user, "environment"),
        password=Variable(name + "PASSWORD", Secret(password), "environment"),
        kind=kind,
        host=host,
    )


def lab_diagnosis(tmp_path, ca_file=None, **overrides) -> Diagnosis:
    """A diagnosis online, daemon off, timeout 1 s, trusting the lab CA when given."""
    env = {"SSL_CERT_FILE": str(ca_file)} if ca_file else {}
    params = dict(offline=False, no_daemon=True, timeout=1.0)
    params.update(overrides)
    return Diagnosis(make_options(tmp_path, env=env, **params))


def assert_no_secret(findings: list[Finding], *secrets: str) -> None:
    for item in findings:
        text = " ".join(str(v) for v in item.to_json().values())
        for secret in secrets:
            assert secret not in text


def run_login(diagnosis: Diagnosis, *sets: SecretSet) -> tuple[list[Finding], float]:
    diagnosis.secret_sets = list(sets)
    started = time.monotonic()
    findings = login.run(diagnosis)
    return findings, time.monotonic() - started


def test_basic_http_login_passes(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_login(diagnosis, make_set("LAB", reg.host, "alice", reg.users["alice"]))
    assert findings == []
    ladder = diagnosis.handoff.login["LAB"]
    assert ladder.ok and ladder.scheme == "http"
    assert [s.name for s in ladder.stages if s.status == "pass"][-1] == "credentials"
    assert elapsed < 1.0


def test_basic_tls_login_passes_with_lab_ca(tmp_path, lab_registries):
    reg = lab_registries.basic_tls
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, _ = run_login(diagnosis, make_set("LAB", reg.host, "alice", reg.users["alice"]))
    assert findings == []
    assert diagnosis.handoff.login["LAB"].scheme == "https"


def test_basic_tls_without_lab_ca_is_untrusted(tmp_path, lab_registries):
    reg = lab_registries.basic_tls
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_login(diagnosis, make_set("LAB", reg.host, "alice", reg.users["alice"]))
    assert [(f.code, f.stage) for f in findings] == [("TLS_UNTRUSTED", "tls")]
    assert "issuer" in findings[0].detail


def test_token_login_passes(tmp_path, lab_registries):
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_login(diagnosis, make_set("TOK", reg.host, "puller", reg.users["puller"]))
    assert findings == []
    ladder = diagnosis.handoff.login["TOK"]
    assert ladder.facts["auth"] == "bearer"
    assert [s.name for s in ladder.stages if s.status == "pass"][-2:] == ["token", "credentials"]


@pytest.mark.parametrize("registry", ["basic_http", "token"])
def test_wrong_password_is_unauthorized(tmp_path, lab_registries, registry):
    reg = getattr(lab_registries, registry)
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_login(diagnosis, make_set("LAB", reg.host, "alice", CANARY))
    assert [f.code for f in findings] == ["LOGIN_UNAUTHORIZED"]
    assert findings[0].stage == ("token" if registry == "token" else "credentials")
    assert findings[0].secret_set == "LAB"
    assert "gh secret set LAB_CONTAINER_REGISTRY_PASSWORD" in findings[0].fix
    assert_no_secret(findings, CANARY)
    assert elapsed < BOUND


FAULTS = [
    ("refused", "CONNECT_REFUSED", "tcp"),
    ("silent", "REGISTRY_SLOW", "challenge"),
    ("syn_drop", "CONNECT_TIMEOUT", "tcp"),
    ("slow", "REGISTRY_SLOW", "challenge"),
    ("hang_auth", "REGISTRY_SLOW", "credentials"),
    ("err500", "REGISTRY_ERROR", "challenge"),
    ("rate429", "RATE_LIMITED", "challenge"),
    ("html404", "NOT_A_REGISTRY", "challenge"),
    ("forbidden403", "REGISTRY_FORBIDDEN", "challenge"),
    ("no_challenge401", "NOT_A_REGISTRY", "challenge"),
    ("token_broken", "TOKEN_SERVICE_FAILED", "token"),
    ("token_unreachable", "TOKEN_SERVICE_FAILED", "token"),
    ("tls_plain", "TLS_NOT_TLS", "tls"),
    ("tls_untrusted", "TLS_UNTRUSTED", "tls"),
    ("tls_expired", "TLS_EXPIRED", "tls"),
    ("tls_wronghost", "TLS_HOSTNAME_MISMATCH", "tls"),
    ("dns_fail", "DNS_FAILED", "dns"),
]


@pytest.mark.parametrize(("fault", "code", "stage"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_gives_code_stage_within_bound(tmp_path, lab_registries, lab_faults, fault, code,
                                             stage):
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, elapsed = run_login(diagnosis, make_set("LAB", lab_faults[fault], "alice", CANARY))
    assert [(f.code, f.stage) for f in findings] == [(code, stage)], findings
    assert findings[0].secret_set == "LAB" and findings[0].step == "login"
    assert findings[0].fix
    assert elapsed < BOUND
    assert_no_secret(findings, CANARY)
    ladder = diagnosis.handoff.login["LAB"]
    assert ladder.failure.code == code and ladder.stages[-1].status == "fail"


def test_rate_limit_shows_retry_after_and_hub_headers(tmp_path, lab_faults):
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_login(diagnosis, make_set("LAB", lab_faults["rate429"], "alice", CANARY))
    detail = findings[0].detail
    assert "Retry-After: 37 s" in detail
    assert "ratelimit-remaining: 0;w=21600" in detail and "ratelimit-limit: 100;w=21600" in detail


def test_forbidden_quotes_the_body(tmp_path, lab_faults):
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_login(diagnosis, make_set("LAB", lab_faults["forbidden403"], "alice", CANARY))
    assert "not allowed access" in findings[0].detail


def test_tls_faults_describe_the_certificate(tmp_path, lab_registries, lab_faults):
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    findings, _ = run_login(
        diagnosis, make_set("A", lab_faults["tls_wronghost"], "alice", CANARY),
        make_set("B", lab_faults["tls_expired"], "alice", CANARY),
    )
    by_set = {f.secret_set: f for f in findings}
    assert "other.example" in by_set["A"].detail
    assert "issuer" in by_set["B"].detail and "valid" in by_set["B"].detail


def test_sets_run_concurrently(tmp_path, lab_registries, lab_faults):
    """Four slow sets take about one bound, not four."""
    reg = lab_registries.basic_http
    sets = [make_set(f"S{i}", lab_faults["slow"], "alice", CANARY) for i in range(4)]
    sets.append(make_set("OK", reg.host, "alice", reg.users["alice"]))
    diagnosis = lab_diagnosis(tmp_path)
    findings, elapsed = run_login(diagnosis, *sets)
    assert [f.secret_set for f in findings] == ["S0", "S1", "S2", "S3"]
    assert elapsed < BOUND


def test_ecr_key_sets_are_left_to_the_ecr_step(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    ecr = make_set("ECR", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "AKIAABCDEFGHIJKLMNOP",
                   "x" * 40, kind="ecr")
    findings, _ = run_login(diagnosis, ecr, make_set("LAB", reg.host, "AWS", reg.users["AWS"]))
    assert findings == []
    assert diagnosis.handoff.login["ECR"].stages[0].status == "skip"
    assert diagnosis.handoff.login["LAB"].ok


def test_no_complete_set_skips(tmp_path):
    diagnosis = lab_diagnosis(tmp_path)
    diagnosis.secret_sets = [SecretSet(prefix="X")]
    with pytest.raises(StepSkipped):
        login.run(diagnosis)


def test_progress_is_reported_per_set(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    seen = []
    diagnosis.progress = seen.append
    run_login(diagnosis, make_set("LAB", reg.host, "alice", reg.users["alice"]))
    stages = [(p.subject, p.stage, p.state) for p in seen]
    assert ("LAB", "dns", "running") in stages and ("LAB", "credentials", "pass") in stages


def test_run_step_redacts_and_records(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    diagnosis = lab_diagnosis(tmp_path)
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", CANARY)]
    result = diagnosis.run_step("login")
    assert result.status == "fail"
    assert [f.code for f in result.findings] == ["LOGIN_UNAUTHORIZED"]


@pytest.mark.parametrize("fault", ["tls_untrusted", "tls_plain"])
def test_insecure_registry_skips_verification_and_allows_http(tmp_path, lab_faults, fault):
    host = lab_faults[fault]
    diagnosis = lab_diagnosis(tmp_path, insecure_registries=(host,))
    findings, elapsed = run_login(diagnosis, make_set("LAB", host, "alice", CANARY))
    assert [(f.code, f.stage) for f in findings] == [("LOGIN_UNAUTHORIZED", "credentials")]
    expected = "https" if fault == "tls_untrusted" else "http"
    assert diagnosis.handoff.login["LAB"].scheme == expected
    assert elapsed < BOUND


OAUTH_USER, OAUTH_PASSWORD, OAUTH_TOKEN = "oauth-user", "OAuthPw-5d1e0c7b", "oauth-token-93ab"


@pytest.fixture(scope="session")
def oauth_only_registry():
    """A registry whose token service answers 404 to GET and wants POST grant_type=password
    (as some do); a thread server on 127.0.0.1, port 0, shut down at the end of the session."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status: int, body: dict, headers: dict | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path.startswith("/token"):
                self.reply(404, {"error": "use POST"})
            elif self.headers.get("Authorization") == f"Bearer {OAUTH_TOKEN}":
                self.reply(200, {})
            else:
                realm = f"http://127.0.0.1:{self.server.server_address[1]}/token"
                self.reply(401, {"errors": [{"code": "UNAUTHORIZED"}]},
                           {"WWW-Authenticate": f'Bearer realm="{realm}",service="oauth"'})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            good = (form.get("grant_type") == "password" and form.get("username") == OAUTH_USER
                    and form.get("password") == OAUTH_PASSWORD)
            if good:
                self.reply(200, {"access_token": OAUTH_TOKEN})
            else:  # a careless server echoing the password: it must still never show
                self.reply(401, {"error": "invalid_grant",
                                 "error_description": f"bad password {form.get('password')}"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_token_post_fallback(tmp_path, oauth_only_registry):
    diagnosis = lab_diagnosis(tmp_path)
    findings, _ = run_login(diagnosis, make_set("OK", oauth_only_registry, OAUTH_USER,
                                                OAUTH_PASSWORD),
                            make_set("BAD", oauth_only_registry, OAUTH_USER, CANARY))
    assert [(f.code, f.secret_set, f.stage) for f in findings] == [
        ("LOGIN_UNAUTHORIZED", "BAD", "token")]
    assert diagnosis.handoff.login["OK"].ok
    assert_no_secret(findings, CANARY)
    assert "bad password" in findings[0].detail
    ladder = diagnosis.handoff.login["BAD"]
    assert all(CANARY not in stage.detail for stage in ladder.stages)


def test_insecure_registry_matches_host_with_or_without_port(tmp_path, lab_faults):
    """`--insecure-registry ::1` (any port) and `[::1]:PORT` both skip verification."""
    from tui.model import Secret
    from tui.registry.probe import probe_login

    host = lab_faults["tls_untrusted"]
    for entry in ("::1", "[::1]", host):
        options = make_options(tmp_path, offline=False, timeout=1.0, insecure_registries=(entry,))
        ladder = probe_login(host, "alice", Secret("pw-123456"), options)
        code = ladder.failure.code if ladder.failure else None
        assert code != "TLS_UNTRUSTED", (entry, ladder.failure.detail if ladder.failure else "")


def test_the_report_carries_the_ladder_of_what_the_login_proved(tmp_path, lab_registries):
    """Schema 2: a pass is evidence: every stage with its seconds and what it proved."""
    import json
    from pathlib import Path

    import jsonschema

    from tui.report.json_report import render_json

    schema = json.loads((Path(__file__).parent / "data" / "report.schema.json").read_text())
    token, tls = lab_registries.token, lab_registries.basic_tls
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    diagnosis.secret_sets = [make_set("TOK", token.host, "alice", token.users["alice"]),
                             make_set("TLS", tls.host, "alice", tls.users["alice"])]
    result = diagnosis.run_step("login")
    assert result.status == "pass", result.findings
    report = json.loads(render_json(diagnosis))
    jsonschema.validate(report, schema)
    (step,) = report["steps"]
    assert [ladder["subject"] for ladder in step["ladders"]] == ["TOK", "TLS"]
    by_subject = {ladder["subject"]: {s["stage"]: s for s in ladder["stages"]}
                  for ladder in step["ladders"]}
    plain, secure = by_subject["TOK"], by_subject["TLS"]
    assert list(plain) == ["dns", "tcp", "tls", "challenge", "token", "credentials"]
    assert all(s["seconds"] is not None and s["note"] for s in plain.values())
    assert plain["tls"]["status"] == "skip" and "plain HTTP" in plain["tls"]["note"]
    assert plain["challenge"]["note"].startswith("/v2/ asks for Bearer")
    assert plain["credentials"]["note"].endswith("over HTTP")
    assert list(secure) == ["dns", "tcp", "tls", "challenge", "credentials"]
    assert {s["status"] for s in secure.values()} == {"pass"}
    assert "certificate valid for" in secure["tls"]["note"]
    assert secure["credentials"]["note"].endswith("over HTTPS")
    text = json.dumps(report)
    assert token.users["alice"] not in text and tls.users["alice"] not in text
    from tui.report.markdown import render_markdown

    markdown = render_markdown(diagnosis)
    assert "## What the network steps proved" in markdown
    assert "| Login | TLS | DNS ✓ → TCP ✓ → TLS ✓" in markdown
    assert "certificate valid for" in markdown
    assert tls.users["alice"] not in markdown
