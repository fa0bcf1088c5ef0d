"""The context step: each code is raised by a realistic input and not by a close correct one."""

from __future__ import annotations

import ipaddress
import json
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers import codes, diagnose, make_options
from tui.registry.daemon_ping import daemon_address, ping_daemon

REPO_FILES = {".devcontainer/devcontainer.json": '{"image": "myco.azurecr.io/app:1.0"}'}
AUTH_LINE = (
    '2026-11-27 10:01:02.345Z: Error response from daemon: Head '
    '"https://myco.azurecr.io/v2/app/manifests/1.0": unauthorized: authentication required'
)

# A stand-in Docker daemon and its faults, on loopback and unix sockets only: a separate
# process, started once per session and stopped by its PID.
DAEMON_SCRIPT = r"""
import json, os, socket, sys, threading, time
folder = sys.argv[1]
ANSWERS = {
    "ok": b"HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\nContent-Length: 2\r\n\r\nOK",
    "garbage": b"this is not http at all\r\n\r\n",
    "fail": b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror",
    "silent": None,
}
def serve(listener, answer):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn, answer), daemon=True).start()
def handle(conn, answer):
    try:
        conn.recv(4096)
        if answer is None:
            time.sleep(60)
        else:
            conn.sendall(answer)
    finally:
        conn.close()
where = {}
for name, answer in ANSWERS.items():
    path = os.path.join(folder, name + ".sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    where[name] = path
    threading.Thread(target=serve, args=(listener, answer), daemon=True).start()
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.bind(("127.0.0.1", 0))
tcp.listen(16)
where["tcp_ok"] = tcp.getsockname()[1]
threading.Thread(target=serve, args=(tcp, ANSWERS["ok"]), daemon=True).start()
import ssl
tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls_context.load_cert_chain(os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))
def serve_tls(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle_tls, args=(conn,), daemon=True).start()
def handle_tls(conn):
    try:
        conn.settimeout(5)
        handle(tls_context.wrap_socket(conn, server_side=True), ANSWERS["ok"])
    except OSError:
        conn.close()
tls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tls.bind(("127.0.0.1", 0))
tls.listen(16)
where["tls_ok"] = tls.getsockname()[1]
threading.Thread(target=serve_tls, args=(tls,), daemon=True).start()
print(json.dumps(where), flush=True)
while True:
    time.sleep(3600)
"""


def _certificates(folder: Path) -> None:
    """A CA (`certs/ca.pem`), a server certificate for 127.0.0.1 it signed, and a stranger CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    def pem(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    now = datetime.now(timezone.utc)
    keys = {label: ec.generate_private_key(ec.SECP256R1()) for label in ("ca", "other", "srv")}
    cas = {}
    for label in ("ca", "other"):
        cas[label] = (
            x509.CertificateBuilder().subject_name(name(label)).issuer_name(name(label))
            .public_key(keys[label].public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(keys[label], hashes.SHA256())
        )
    server = (
        x509.CertificateBuilder().subject_name(name("daemon")).issuer_name(name("ca"))
        .public_key(keys["srv"].public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(keys["ca"], hashes.SHA256())
    )
    (folder / "server.pem").write_bytes(pem(server))
    (folder / "server.key").write_bytes(keys["srv"].private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    for label in ("ca", "other"):
        (folder / label).mkdir()
        (folder / label / "ca.pem").write_bytes(pem(cas[label]))


@pytest.fixture(scope="session")
def daemons(tmp_path_factory) -> dict:
    """Unix sockets `ok`, `garbage`, `fail`, `silent`; TCP ports `tcp_ok` and `tls_ok`."""
    folder = tmp_path_factory.mktemp("daemons")
    _certificates(folder)
    process = subprocess.Popen(
        [sys.executable, "-c", DAEMON_SCRIPT, str(folder)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        where = json.loads(line)
        where["missing"] = str(folder / "missing.sock")
        where["certs"] = str(folder / "ca")
        where["other_certs"] = str(folder / "other")
        yield where
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()


def sub(tmp_path: Path, name: str) -> Path:
    """A fresh folder inside `tmp_path` for a second set of options."""
    folder = tmp_path / name
    folder.mkdir()
    return folder


def online(tmp_path: Path, env: dict[str, str], **kwargs):
    return make_options(tmp_path, env=env, offline=False, no_daemon=False, timeout=0.5, **kwargs)


# --- recovery ---------------------------------------------------------------------------------


def test_recovery_mode_quotes_the_reason(tmp_path: Path) -> None:
    options = make_options(
        tmp_path, env={"CODESPACES": "true", "CODESPACES_RECOVERY_CONTAINER": "true"},
        workspace_files=REPO_FILES,
        codespaces_files={".persistedshare/RECOVERY-REASON-FILE":
                          "\x1b[31mUnable to pull the dev container image.\x1b[0m\n\n"},
    )
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == ["RECOVERY_MODE"]
    [found] = diagnosis.findings
    # no log names the failure: the recovery itself is the warning (never an all-clear)
    assert found.severity.value == "warning"
    assert "there is no creation log here" in found.detail
    assert "“Unable to pull the dev container image.”" in found.detail
    assert "CODESPACES_RECOVERY_CONTAINER=true" in found.detail
    context = diagnosis.context
    assert (context.codespace, context.recovery) == (True, True)
    assert context.recovery_reason == "Unable to pull the dev container image."


def test_recovery_with_a_failing_log_is_a_note_beside_the_log_finding(tmp_path: Path) -> None:
    options = make_options(
        tmp_path, env={"CODESPACES": "true", "CODESPACES_RECOVERY_CONTAINER": "true"},
        workspace_files=REPO_FILES,
        codespaces_files={".persistedshare/creation.log": AUTH_LINE + "\nCreating recovery "
                          "container.\n"},
    )
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == ["RECOVERY_MODE", "CREATION_LOG_ERROR"]
    assert diagnosis.findings[0].severity.value == "info"


def test_recovery_by_file_alone_and_by_variable_alone(tmp_path: Path) -> None:
    by_file = make_options(sub(tmp_path, "a"), workspace_files=REPO_FILES,
                           codespaces_files={".persistedshare/RECOVERY-REASON-FILE": ""})
    diagnosis = diagnose(by_file, ("context",))
    assert codes(diagnosis) == ["RECOVERY_MODE"]
    assert "No recovery reason was recorded" in diagnosis.findings[0].detail
    by_var = make_options(sub(tmp_path, "b"), env={"CODESPACES_RECOVERY_CONTAINER": "TRUE"},
                          workspace_files=REPO_FILES)
    assert codes(diagnose(by_var, ("context",))) == ["RECOVERY_MODE"]


def test_a_normal_codespace_is_not_in_recovery(tmp_path: Path) -> None:
    options = make_options(
        tmp_path,
        env={"CODESPACES": "true", "CODESPACES_RECOVERY_CONTAINER": "false",
             "GITHUB_REPOSITORY": "acme/app", "CODESPACE_NAME": "acme-app-x7g9"},
        workspace_files=REPO_FILES,
        codespaces_files={".persistedshare/creation.log": "Finished configuring codespace.\n"},
    )
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == []
    assert diagnosis.results["context"].status == "pass"
    context = diagnosis.context
    assert (context.codespace, context.recovery, context.recovery_reason) == (True, False, None)
    assert (context.repository, context.codespace_name) == ("acme/app", "acme-app-x7g9")
    assert context.workspace == str(options.workspace)
    assert context.devcontainer == ".devcontainer/devcontainer.json"
    assert [i.ref for i in context.images] == ["myco.azurecr.io/app:1.0"]
    assert context.creation_log_class is None
    assert context.docker_daemon == "not-checked"


# --- creation log -----------------------------------------------------------------------------


def test_creation_log_error_names_class_and_quotes_line(tmp_path: Path) -> None:
    options = make_options(
        tmp_path, env={"GITHUB_REPOSITORY": "acme/app", "CODESPACES_RECOVERY_CONTAINER": "true"},
        workspace_files=REPO_FILES,
        codespaces_files={".persistedshare/creation.log": "Pulling image\n" + AUTH_LINE + "\n"},
    )
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == ["RECOVERY_MODE", "CREATION_LOG_ERROR"]
    found = diagnosis.findings[1]
    assert found.severity.value == "error"
    assert "`auth`" in found.detail
    assert "unauthorized: authentication required" in found.detail
    assert "`myco.azurecr.io`" in found.fix
    assert "gh secret set NAME --user --repos acme/app" in found.fix
    assert diagnosis.context.creation_log_class == "auth"
    assert diagnosis.results["context"].status == "fail"


def test_a_running_codespace_only_warns_about_an_old_failure(tmp_path: Path) -> None:
    options = make_options(tmp_path, env={"CODESPACES": "true"}, workspace_files=REPO_FILES,
                           codespaces_files={".persistedshare/creation.log": AUTH_LINE})
    diagnosis = diagnose(options, ("context",))
    [found] = diagnosis.findings
    assert (found.code, found.severity.value) == ("CREATION_LOG_ERROR", "warning")
    assert "earlier attempt" in found.detail
    assert diagnosis.results["context"].status == "warn"


def test_a_build_failure_says_it_is_not_a_registry_problem(tmp_path: Path) -> None:
    log = (
        "#8 2.201 W: GPG error: https://dl.yarnpkg.com/debian stable InRelease: NO_PUBKEY "
        "23E7166788B63E1E\n"
        "#8 2.204 E: The repository 'https://dl.yarnpkg.com/debian stable InRelease' is not "
        "signed.\n"
        'ERROR: failed to solve: process "/bin/sh -c apt-get update" did not complete '
        "successfully: exit code: 100\n"
    )
    options = make_options(tmp_path, workspace_files=REPO_FILES,
                           codespaces_files={".persistedshare/creation.log": log})
    diagnosis = diagnose(options, ("context",))
    [found] = diagnosis.findings
    assert found.code == "CREATION_LOG_ERROR"
    assert "`build`" in found.detail and "NO_PUBKEY" in found.detail
    assert "not a registry problem" in found.fix


@pytest.mark.parametrize(
    ("line", "klass", "fix_words"),
    [
        ("toomanyrequests: You have reached your pull rate limit.", "rate-limit",
         "gh secret set DOCKERHUB_CONTAINER_REGISTRY_SERVER --user --repos acme/app"),
        ("Error response from daemon: manifest for myco.azurecr.io/app:1.0 not found: "
         "manifest unknown", "not-found", "`myco.azurecr.io/app:1.0`"),
        ('Get "https://myco.azurecr.io/v2/": x509: certificate has expired', "tls",
         "certificate of `myco.azurecr.io`"),
        ("dial tcp: lookup myco.azurecr.io: no such host", "network",
         "DNS could not resolve `myco.azurecr.io`"),
        ("denied: Your Authorization Token has expired.", "auth", "ECR step"),
    ],
)
def test_each_class_points_at_its_step(tmp_path: Path, line: str, klass: str,
                                       fix_words: str) -> None:
    options = make_options(tmp_path, env={"GITHUB_REPOSITORY": "acme/app"},
                           workspace_files=REPO_FILES,
                           codespaces_files={".persistedshare/creation.log": line})
    diagnosis = diagnose(options, ("context",))
    [found] = diagnosis.findings
    assert found.code == "CREATION_LOG_ERROR"
    assert f"`{klass}`" in found.detail
    assert fix_words in found.fix


def test_ghcr_auth_failure_points_at_package_access(tmp_path: Path) -> None:
    options = make_options(
        tmp_path, env={"GITHUB_REPOSITORY": "acme/app"},
        workspace_files={".devcontainer.json": '{"image": "ghcr.io/acme/app:1"}'},
        codespaces_files={".persistedshare/creation.log":
                          "Error response from daemon: denied: permission_denied"},
    )
    log_error, access = diagnose(options, ("context",)).findings
    assert log_error.code == "CREATION_LOG_ERROR" and "`denied`" in log_error.detail
    assert "Manage Codespaces access" in log_error.fix and "`acme/app`" in log_error.fix
    # offline, the log and the image name the guide's case: same repository, inheritance off
    assert (access.code, access.image) == ("GHCR_PACKAGE_ACCESS", "ghcr.io/acme/app:1")
    assert "Inherit access from repository" in access.fix


# --- devcontainer -----------------------------------------------------------------------------


def test_devcontainer_not_found(tmp_path: Path) -> None:
    diagnosis = diagnose(make_options(tmp_path, workspace_files={"README.md": "x"}),
                         ("context",))
    assert codes(diagnosis) == ["DEVCONTAINER_NOT_FOUND"]
    assert diagnosis.findings[0].severity.value == "info"
    assert diagnosis.context.images == [] and diagnosis.context.devcontainer is None


def test_devcontainer_invalid_and_its_correct_twin(tmp_path: Path) -> None:
    bad = make_options(sub(tmp_path, "bad"), workspace_files={
        ".devcontainer/devcontainer.json": '{\n  "image": "myco.azurecr.io/app:1.0"\n  "x": 1\n}'})
    diagnosis = diagnose(bad, ("context",))
    assert codes(diagnosis) == ["DEVCONTAINER_INVALID"]
    assert "line 3" in diagnosis.findings[0].detail
    # the dev containers CLI reads past a missing comma: a warning, the image is still known
    assert diagnosis.results["context"].status == "warn"
    assert [i.ref for i in diagnosis.context.images] == ["myco.azurecr.io/app:1.0"]
    worse = make_options(sub(tmp_path, "worse"), workspace_files={
        ".devcontainer/devcontainer.json": '{\n  "image" "myco.azurecr.io/app:1.0"\n}'})
    diagnosis = diagnose(worse, ("context",))
    assert codes(diagnosis) == ["DEVCONTAINER_INVALID", "DEVCONTAINER_INVALID"]
    assert diagnosis.results["context"].status == "fail"
    good = make_options(sub(tmp_path, "good"), workspace_files={
        ".devcontainer/devcontainer.json": '{\n  "image": "myco.azurecr.io/app:1.0",\n  "x": 1\n}'})
    diagnosis = diagnose(good, ("context",))
    assert codes(diagnosis) == []
    assert diagnosis.context.image_sources == [
        ".devcontainer/devcontainer.json: uses image (myco.azurecr.io/app:1.0)"]


def test_context_facts_name_the_source_used_and_those_ignored(tmp_path: Path) -> None:
    options = make_options(tmp_path, workspace_files={
        ".devcontainer/devcontainer.json": (
            '{"image": "ghcr.io/acme/unused:1", "build": {"dockerfile": "Dockerfile", '
            '"target": "dev"}, "features": {"node": {}}}'),
        ".devcontainer/Dockerfile": "FROM ghcr.io/acme/dev:1 AS dev\nFROM ghcr.io/acme/prod:1\n",
    })
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == []
    assert [i.ref for i in diagnosis.context.images] == [
        "ghcr.io/acme/dev:1", "ghcr.io/devcontainers/features/node:1"]
    [facts] = diagnosis.context.image_sources
    assert "uses build.dockerfile (.devcontainer/Dockerfile, target dev)" in facts
    assert "ignores image" in facts
    assert "the legacy `node` Feature id" in facts


def test_image_option_overrides_the_devcontainer(tmp_path: Path) -> None:
    options = make_options(tmp_path, workspace_files=REPO_FILES, image="ghcr.io/acme/tool:2")
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == []
    [image] = diagnosis.context.images
    assert (image.ref, image.source, image.host) == ("ghcr.io/acme/tool:2", "--image", "ghcr.io")
    assert diagnosis.context.devcontainer == ".devcontainer/devcontainer.json"


def test_an_invalid_image_option_is_a_clear_finding(tmp_path: Path) -> None:
    options = make_options(tmp_path, workspace_files=REPO_FILES, image="ghcr.io/acme/My App ")
    diagnosis = diagnose(options, ("context",))
    [found] = diagnosis.findings
    assert found.code == "DEVCONTAINER_INVALID"
    assert "--image" in found.title
    assert "␠" in found.detail and "whitespace" in found.detail
    assert diagnosis.context.images == []


# --- daemon -----------------------------------------------------------------------------------


def test_daemon_unavailable_when_nothing_listens(tmp_path: Path, daemons: dict) -> None:
    options = online(tmp_path, {"DOCKER_HOST": f"unix://{daemons['missing']}"},
                     workspace_files=REPO_FILES)
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == ["DOCKER_DAEMON_UNAVAILABLE"]
    assert diagnosis.findings[0].severity.value == "info"
    assert daemons["missing"] in diagnosis.findings[0].detail
    assert diagnosis.context.docker_daemon == "absent"


def test_daemon_available_raises_nothing(tmp_path: Path, daemons: dict) -> None:
    options = online(tmp_path, {"DOCKER_HOST": f"unix://{daemons['ok']}"},
                     workspace_files=REPO_FILES)
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == []
    assert diagnosis.context.docker_daemon == "available"


def test_a_silent_daemon_does_not_hold_up_the_step(tmp_path: Path, daemons: dict) -> None:
    options = online(tmp_path, {"DOCKER_HOST": f"unix://{daemons['silent']}"},
                     workspace_files=REPO_FILES)
    started = time.monotonic()
    diagnosis = diagnose(options, ("context",))
    assert time.monotonic() - started < 2.0
    assert diagnosis.context.docker_daemon == "error"
    assert codes(diagnosis) == []


def test_daemon_is_not_checked_offline_or_with_no_daemon(tmp_path: Path, daemons: dict) -> None:
    env = {"DOCKER_HOST": f"unix://{daemons['missing']}"}
    for overrides in ({"offline": True, "no_daemon": False},
                      {"offline": False, "no_daemon": True}):
        options = make_options(tmp_path, env=env, workspace_files=REPO_FILES, **overrides)
        diagnosis = diagnose(options, ("context",))
        assert codes(diagnosis) == []
        assert diagnosis.context.docker_daemon == "not-checked"


@pytest.mark.parametrize(
    ("name", "state"),
    [("ok", "available"), ("garbage", "error"), ("fail", "error"), ("missing", "absent")],
)
def test_ping_over_unix_sockets(daemons: dict, name: str, state: str) -> None:
    assert ping_daemon({"DOCKER_HOST": f"unix://{daemons[name]}"}, 2.0) == state


def test_ping_a_silent_daemon_is_bounded(daemons: dict) -> None:
    started = time.monotonic()
    assert ping_daemon({"DOCKER_HOST": f"unix://{daemons['silent']}"}, 0.3) == "error"
    assert time.monotonic() - started < 1.5


def test_ping_over_tcp(daemons: dict) -> None:
    assert ping_daemon({"DOCKER_HOST": f"tcp://127.0.0.1:{daemons['tcp_ok']}"}, 2.0) == "available"
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert ping_daemon({"DOCKER_HOST": f"tcp://127.0.0.1:{port}"}, 2.0) == "absent"


def test_ping_over_tls_uses_the_cli_certificates(daemons: dict) -> None:
    host = f"tcp://127.0.0.1:{daemons['tls_ok']}"
    verified = {"DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": daemons["certs"]}
    assert ping_daemon(verified, 2.0) == "available"
    stranger = dict(verified, DOCKER_CERT_PATH=daemons["other_certs"])
    assert ping_daemon(stranger, 2.0) == "error"
    unverified = {"DOCKER_HOST": host, "DOCKER_TLS": "1",
                  "DOCKER_CERT_PATH": daemons["other_certs"]}
    assert ping_daemon(unverified, 2.0) == "available"
    assert ping_daemon({"DOCKER_HOST": host}, 2.0) == "error"  # plain HTTP to a TLS daemon


def test_daemon_addresses() -> None:
    assert daemon_address({}) == ("unix", "/var/run/docker.sock")
    assert daemon_address({"DOCKER_HOST": "unix:///run/user/1000/docker.sock"}) == (
        "unix", "/run/user/1000/docker.sock")
    assert daemon_address({"DOCKER_HOST": "tcp://127.0.0.1"}) == ("tcp", ("127.0.0.1", 2375))
    assert daemon_address({"DOCKER_HOST": "tcp://[::1]:2376"}) == ("tcp", ("::1", 2376))
    assert daemon_address({"DOCKER_HOST": "ssh://me@host"}) is None
    assert ping_daemon({"DOCKER_HOST": "ssh://me@host"}, 1.0) == "error"
    assert ping_daemon({"DOCKER_HOST": "tcp://127.0.0.1:99999"}, 1.0) == "error"


# --- start-up stays lean -------------------------------------------------------------------------


def test_the_context_step_imports_no_heavy_library() -> None:
    code = (
        "import sys, tui.checks.context\n"
        "heavy = {'docker', 'boto3', 'dotenv', 'textual', 'rich', 'yaml', 'json5'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "[]"
