"""The creation log is classified with failure-modes.md's signatures; build is never auth."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.logs.reader import TAIL_BYTES, classify_file, classify_text
from tui.redact import Redactor

TS = "2026-11-27 10:01:02.345Z: "

LINES = [
    (TS + 'Error response from daemon: Head "https://myco.azurecr.io/v2/app/manifests/1.0": '
     "unauthorized: authentication required", "auth"),
    (TS + "Error response from daemon: Get \"https://ghcr.io/v2/\": denied: requested access to "
     "the resource is denied", "denied"),
    (TS + "Error response from daemon: pull access denied for acme/app, repository does not "
     "exist or may require 'docker login'", "denied"),
    (TS + "Error response from daemon: Get \"https://reg.example.com/v2/app/manifests/1\": "
     "no basic auth credentials", "auth"),
    (TS + "denied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
     "ecr:BatchGetImage on resource: arn:aws:ecr:eu-west-1:123456789012:repository/app", "denied"),
    (TS + "Error response from daemon: denied: Your Authorization Token has expired. Please "
     "run 'aws ecr get-login-password' to fetch a new one.", "auth"),
    (TS + "Error response from daemon: manifest for ghcr.io/acme/app:2.0 not found: "
     "manifest unknown: manifest unknown", "not-found"),
    (TS + "Error response from daemon: toomanyrequests: You have reached your pull rate limit. "
     "You may increase the limit by authenticating and upgrading: "
     "https://www.docker.com/increase-rate-limit", "rate-limit"),
    (TS + 'Error response from daemon: Get "https://reg.corp.example/v2/": x509: certificate '
     "signed by unknown authority", "tls"),
    (TS + 'Error response from daemon: Get "https://reg.corp.example/v2/": dial tcp: lookup '
     "reg.corp.example on 168.63.129.16:53: no such host", "network"),
    (TS + 'Error response from daemon: Get "https://10.0.0.5/v2/": net/http: request canceled '
     "while waiting for connection (Client.Timeout exceeded while awaiting headers)", "network"),
    (TS + "#6 2.143 W: GPG error: https://dl.yarnpkg.com/debian stable InRelease: The following "
     "signatures couldn't be verified because the public key is not available: "
     "NO_PUBKEY 23E7166788B63E1E", "build"),
    (TS + "E: The repository 'https://dl.yarnpkg.com/debian stable InRelease' is not signed. "
     "NO_PUBKEY 23E7166788B63E1E", "build"),
]


@pytest.mark.parametrize(("line", "klass"), LINES)
def test_each_signature_has_its_class(line: str, klass: str) -> None:
    text = "Creating container...\n" + line + "\nStopping container\n"
    found = classify_text(text)
    assert found is not None
    assert found.klass == klass
    assert found.line_number == 2
    assert found.hint


def test_a_build_failure_is_not_reported_as_auth() -> None:
    log = "\n".join([
        TS + "#8 [2/5] RUN apt-get update",
        TS + "#8 1.912 Err:7 http://deb.example.org/debian bookworm InRelease 403 Forbidden",
        TS + "#8 2.201 W: GPG error: http://deb.example.org bookworm InRelease: NO_PUBKEY 0E98404D",
        TS + "#8 2.204 E: The repository 'http://deb.example.org bookworm InRelease' is not "
        "signed.",
        TS + 'ERROR: failed to solve: process "/bin/sh -c apt-get update" did not complete '
        "successfully: exit code: 100",
    ])
    found = classify_text(log)
    assert found is not None and found.klass == "build"
    assert "NO_PUBKEY" in found.line
    assert "not a registry problem" in found.hint


def test_apt_forbidden_inside_a_run_step_is_build_not_auth() -> None:
    found = classify_text(TS + "#9 3.1 E: Failed to fetch http://deb.example.org/x 403 Forbidden")
    assert found is not None and found.klass == "build"


def test_a_base_image_pull_failing_inside_buildkit_is_auth() -> None:
    line = (TS + "ERROR: failed to solve: myco.azurecr.io/base:1: failed to resolve source "
            "metadata for myco.azurecr.io/base:1: unexpected status: 401 Unauthorized: "
            "unauthorized")
    found = classify_text(line)
    assert found is not None and found.klass == "auth"


def test_the_latest_of_equally_specific_lines_wins() -> None:
    log = "\n".join([
        TS + "Error response from daemon: toomanyrequests: rate limit",
        TS + "retrying with credentials",
        TS + "Error response from daemon: manifest for acme/app:9 not found: manifest unknown",
    ])
    found = classify_text(log)
    assert found is not None and (found.klass, found.line_number) == ("not-found", 3)


def test_a_clean_log_gives_nothing() -> None:
    clean = TS + "Container started\n" + TS + "Finished configuring codespace."
    assert classify_text(clean) is None
    assert classify_text("") is None


def test_the_line_is_redacted_scrubbed_and_shortened() -> None:
    secret = "s3cr3t-Passw0rd-value"
    redactor = Redactor([secret])
    line = (TS + "x" * 400 + f" login -p {secret} Authorization: Bearer abcdefghijklmnop "
            "unauthorized: authentication required " + "y" * 400)
    found = classify_text(line, redactor)
    assert found is not None and found.klass == "auth"
    assert secret not in found.line
    assert "abcdefghijklmnop" not in found.line
    assert "authentication required" in found.line
    assert len(found.line) <= 210


def test_only_the_tail_of_a_huge_log_is_read(tmp_path: Path) -> None:
    path = tmp_path / "creation.log"
    early = b"Error response from daemon: no such host\n"
    filler = (b"noise " * 20 + b"\n") * ((TAIL_BYTES // 121) + 10)
    late = b"Error response from daemon: toomanyrequests: limit\n"
    path.write_bytes(early + filler + late)
    found = classify_file(path)
    assert found is not None and found.klass == "rate-limit"
    path.write_bytes(early + filler)
    assert classify_file(path) is None


def test_binary_and_bad_utf8_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "creation.log"
    path.write_bytes(b"\xff\xfe\x00\x1b[31mx509: certificate has expired\x1b[0m\x80\x81\n\x00" * 3)
    found = classify_file(path)
    assert found is not None and found.klass == "tls"
    assert "\x1b" not in found.line and "\x00" not in found.line


def test_a_missing_or_unreadable_log_gives_nothing(tmp_path: Path) -> None:
    assert classify_file(tmp_path / "absent.log") is None
    (tmp_path / "dir.log").mkdir()
    assert classify_file(tmp_path / "dir.log") is None
