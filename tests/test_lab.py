"""Sanity tests of the test lab itself: each registry, the token service and each fault server
behaves as tests/lab documents, within short client timeouts."""

from __future__ import annotations

import re
import socket
import ssl
import time

import pytest
import requests

from tests.lab import SEEDED, LabRegistries, LabRegistry
from tests.lab.seed import OCI_INDEX

pytestmark = pytest.mark.lab

ACCEPT = ", ".join(
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ]
)
SHORT = 2.0
DIRECT = requests.Session()
DIRECT.trust_env = False  # loopback only: never through a proxy from the environment


def session(ca_file) -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    s.verify = str(ca_file)
    return s


def challenge_params(header: str) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', header))


def auth_headers(s: requests.Session, registry: LabRegistry, user: str | None, repo: str) -> dict:
    """Authorization for pulling `repo` as `user` (None: anonymous)."""
    challenge = s.get(f"{registry.url}/v2/", timeout=SHORT).headers["WWW-Authenticate"]
    creds = (user, registry.users[user]) if user else None
    if challenge.startswith("Basic"):
        return {} if creds is None else {"Authorization": requests.auth._basic_auth_str(*creds)}
    params = challenge_params(challenge)
    answer = s.get(
        params["realm"],
        params={"service": params["service"], "scope": f"repository:{repo}:pull"},
        auth=creds,
        timeout=SHORT,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def manifest(s, registry: LabRegistry, user: str | None, repo: str, ref: str) -> requests.Response:
    headers = {"Accept": ACCEPT, **auth_headers(s, registry, user, repo)}
    return s.get(f"{registry.url}/v2/{repo}/manifests/{ref}", headers=headers, timeout=SHORT)


def all_registries(regs: LabRegistries) -> list[LabRegistry]:
    return [regs.basic_http, regs.basic_tls, regs.token]


# --- registries -------------------------------------------------------------------------------


def test_v2_answers_with_the_documented_challenge(lab_registries):
    s = session(lab_registries.ca_file)
    kinds = {}
    for registry in all_registries(lab_registries):
        answer = s.get(f"{registry.url}/v2/", timeout=SHORT)
        assert answer.status_code == 401
        kinds[registry.name] = answer.headers["WWW-Authenticate"].split()[0]
    assert kinds == {"basic_http": "Basic", "basic_tls": "Basic", "token": "Bearer"}
    assert lab_registries.basic_tls.host.startswith("localhost:")
    assert lab_registries.basic_tls.scheme == "https"
    params = challenge_params(
        s.get(f"{lab_registries.token.url}/v2/", timeout=SHORT).headers["WWW-Authenticate"]
    )
    assert params["realm"] == f"http://{lab_registries.token_service}/token"


def test_alice_reads_every_seeded_manifest_everywhere(lab_registries):
    s = session(lab_registries.ca_file)
    for registry in all_registries(lab_registries):
        for repo, tags in SEEDED.items():
            for tag in tags:
                answer = manifest(s, registry, "alice", repo, tag)
                assert answer.status_code == 200, (registry.name, repo, tag, answer.text)
                assert (
                    answer.headers["Docker-Content-Digest"]
                    == lab_registries.digests[f"{repo}:{tag}"]
                )


def test_wrong_password_is_rejected(lab_registries):
    s = session(lab_registries.ca_file)
    for registry in (lab_registries.basic_http, lab_registries.basic_tls):
        answer = s.get(f"{registry.url}/v2/", auth=("alice", "wrong"), timeout=SHORT)
        assert answer.status_code == 401
    realm = f"http://{lab_registries.token_service}/token"
    answer = s.get(
        realm, params={"service": "registry-doctor-lab"}, auth=("alice", "wrong"), timeout=SHORT
    )
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "UNAUTHORIZED"


def test_basic_http_knows_the_ecr_like_user(lab_registries):
    registry = lab_registries.basic_http
    assert registry.users["AWS"] == "123456789012-auth-token"
    answer = session(lab_registries.ca_file).get(
        f"{registry.url}/v2/", auth=("AWS", registry.users["AWS"]), timeout=SHORT
    )
    assert answer.status_code == 200


def test_puller_is_denied_team_private_but_reads_team_app(lab_registries):
    s = session(lab_registries.ca_file)
    token = lab_registries.token
    assert manifest(s, token, "puller", "team/app", "1.0").status_code == 200
    denied = manifest(s, token, "puller", "team/private", "1.0")
    assert denied.status_code == 401
    assert "insufficient_scope" in denied.headers["WWW-Authenticate"]


def test_anonymous_pulls_only_public_hello(lab_registries):
    s = session(lab_registries.ca_file)
    token = lab_registries.token
    assert manifest(s, token, None, "public/hello", "1.0").status_code == 200
    assert manifest(s, token, None, "team/app", "1.0").status_code == 401


def test_oauth2_password_grant(lab_registries):
    s = session(lab_registries.ca_file)
    token = lab_registries.token
    answer = s.post(
        f"http://{lab_registries.token_service}/token",
        data={
            "grant_type": "password",
            "service": "registry-doctor-lab",
            "client_id": "lab-test",
            "scope": "repository:team/app:pull",
            "username": "puller",
            "password": token.users["puller"],
        },
        timeout=SHORT,
    )
    assert answer.status_code == 200
    bearer = {"Authorization": f"Bearer {answer.json()['access_token']}", "Accept": ACCEPT}
    got = s.get(f"{token.url}/v2/team/app/manifests/1.0", headers=bearer, timeout=SHORT)
    assert got.status_code == 200
    wrong = s.post(
        f"http://{lab_registries.token_service}/token",
        data={"grant_type": "password", "username": "puller", "password": "nope"},
        timeout=SHORT,
    )
    assert wrong.status_code == 401


def test_indexes_have_the_stated_platforms(lab_registries):
    s = session(lab_registries.ca_file)
    for registry in all_registries(lab_registries):
        platforms = {}
        for repo in ("team/multi", "team/armonly"):
            answer = manifest(s, registry, "alice", repo, "1.0")
            assert answer.headers["Content-Type"] == OCI_INDEX
            platforms[repo] = {
                f"{m['platform']['os']}/{m['platform']['architecture']}"
                for m in answer.json()["manifests"]
            }
        assert platforms == {
            "team/multi": {"linux/amd64", "linux/arm64"},
            "team/armonly": {"linux/arm64"},
        }


def test_missing_tag_and_close_tags(lab_registries):
    s = session(lab_registries.ca_file)
    registry = lab_registries.token
    answer = manifest(s, registry, "alice", "team/app", "1.O")
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["code"] == "MANIFEST_UNKNOWN"
    headers = auth_headers(s, registry, "alice", "team/app")
    tags = s.get(f"{registry.url}/v2/team/app/tags/list", headers=headers, timeout=SHORT).json()
    assert sorted(tags["tags"]) == ["1.0", "1.1", "2.0"]


def test_a_seeded_layer_can_be_fetched(lab_registries):
    s = session(lab_registries.ca_file)
    registry = lab_registries.basic_http
    layer = manifest(s, registry, "alice", "team/app", "1.0").json()["layers"][0]
    blob = s.get(
        f"{registry.url}/v2/team/app/blobs/{layer['digest']}",
        auth=("alice", registry.users["alice"]),
        timeout=SHORT,
    )
    assert blob.status_code == 200
    assert len(blob.content) == layer["size"]


# --- faults -----------------------------------------------------------------------------------


def hostport(address: str) -> tuple[str, int]:
    host, port = address.rsplit(":", 1)
    return host.strip("[]"), int(port)


def test_refused(lab_faults):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(hostport(lab_faults["refused"]), timeout=SHORT)


def test_silent_accepts_but_never_answers(lab_faults):
    with socket.create_connection(hostport(lab_faults["silent"]), timeout=SHORT) as sock:
        sock.sendall(b"GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(0.5)
        with pytest.raises(TimeoutError):
            sock.recv(1)


def test_syn_drop_connect_times_out(lab_faults):
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        socket.create_connection(hostport(lab_faults["syn_drop"]), timeout=0.7)
    assert time.monotonic() - started >= 0.6


def test_slow_does_not_answer_within_a_second(lab_faults):
    with pytest.raises(requests.exceptions.ReadTimeout):
        DIRECT.get(f"http://{lab_faults['slow']}/v2/", timeout=(SHORT, 1.0))


def test_hang_auth_challenges_then_hangs_with_credentials(lab_faults):
    url = f"http://{lab_faults['hang_auth']}/v2/"
    first = DIRECT.get(url, timeout=SHORT)
    assert first.status_code == 401
    assert first.headers["WWW-Authenticate"] == 'Basic realm="lab"'
    with pytest.raises(requests.exceptions.ReadTimeout):
        DIRECT.get(url, auth=("alice", "x"), timeout=(SHORT, 0.5))


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ("err500", 500),
        ("rate429", 429),
        ("html404", 404),
        ("forbidden403", 403),
        ("no_challenge401", 401),
    ],
)
def test_fixed_answers(lab_faults, fault, status):
    answer = DIRECT.get(f"http://{lab_faults[fault]}/v2/", timeout=SHORT)
    assert answer.status_code == status
    if fault == "rate429":
        assert answer.headers["Retry-After"] == "37"
        assert answer.headers["ratelimit-limit"] == "100;w=21600"
        assert answer.headers["ratelimit-remaining"] == "0;w=21600"
        assert answer.json()["errors"][0]["code"] == "TOOMANYREQUESTS"
    if fault == "html404":
        assert answer.headers["Content-Type"].startswith("text/html")
        assert "<html>" in answer.text
    if fault == "forbidden403":
        assert "client with IP '203.0.113.9' is not allowed access" in answer.text
    if fault == "no_challenge401":
        assert "WWW-Authenticate" not in answer.headers


def test_token_broken_realm_answers_500(lab_faults):
    answer = DIRECT.get(f"http://{lab_faults['token_broken']}/v2/", timeout=SHORT)
    assert answer.status_code == 401
    params = challenge_params(answer.headers["WWW-Authenticate"])
    assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
    token = DIRECT.get(
        params["realm"], params={"service": params["service"]}, auth=("alice", "x"), timeout=SHORT
    )
    assert token.status_code == 500


def test_token_unreachable_realm_is_refused(lab_faults):
    answer = DIRECT.get(f"http://{lab_faults['token_unreachable']}/v2/", timeout=SHORT)
    realm = challenge_params(answer.headers["WWW-Authenticate"])["realm"]
    with pytest.raises(requests.exceptions.ConnectionError):
        DIRECT.get(realm, timeout=SHORT)


def test_tls_plain_speaks_http_on_ipv6_loopback(lab_faults, lab_registries):
    address = lab_faults["tls_plain"]
    assert address.startswith("[::1]:")
    with pytest.raises(requests.exceptions.SSLError):
        DIRECT.get(f"https://{address}/v2/", verify=str(lab_registries.ca_file), timeout=SHORT)
    assert DIRECT.get(f"http://{address}/v2/", timeout=SHORT).status_code == 401


def verify_error(address: str, ca_file) -> ssl.SSLCertVerificationError:
    host, port = hostport(address)
    context = ssl.create_default_context(cafile=str(ca_file))
    with (
        socket.create_connection((host, port), timeout=SHORT) as sock,
        pytest.raises(ssl.SSLCertVerificationError) as caught,
    ):
        context.wrap_socket(sock, server_hostname=host)
    return caught.value


@pytest.mark.parametrize(
    ("fault", "code", "reason"),
    [
        ("tls_untrusted", 18, "self-signed certificate"),
        ("tls_expired", 10, "certificate has expired"),
        ("tls_wronghost", 64, "IP address mismatch"),
    ],
)
def test_tls_faults_fail_verification_for_the_stated_reason(
    lab_faults, lab_registries, fault, code, reason
):
    assert lab_faults[fault].startswith("[::1]:")
    error = verify_error(lab_faults[fault], lab_registries.ca_file)
    assert error.verify_code == code
    assert error.verify_message.replace("self signed", "self-signed").startswith(reason)


def test_tls_faults_do_serve_a_registry_once_verification_is_off(lab_faults):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    host, port = hostport(lab_faults["tls_expired"])
    with (
        socket.create_connection((host, port), timeout=SHORT) as raw,
        context.wrap_socket(raw) as sock,
    ):
        sock.sendall(b"GET /v2/ HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n")
        assert sock.recv(64).startswith(b"HTTP/1.1 401")


def test_blob_redirect_passes_manifests_and_redirects_blobs(lab_faults, lab_registries):
    proxy = lab_faults["blob_redirect"]
    alice = ("alice", lab_registries.basic_http.users["alice"])
    got = DIRECT.get(
        f"http://{proxy}/v2/team/app/manifests/1.0",
        auth=alice,
        headers={"Accept": ACCEPT},
        timeout=SHORT,
    )
    assert got.status_code == 200
    layer = got.json()["layers"][0]["digest"]
    blob = DIRECT.get(
        f"http://{proxy}/v2/team/app/blobs/{layer}",
        auth=alice,
        allow_redirects=False,
        timeout=SHORT,
    )
    assert blob.status_code == 307
    target = blob.headers["Location"]
    assert target.startswith(f"http://{lab_faults['refused']}/")
    with pytest.raises(requests.exceptions.ConnectionError):
        DIRECT.get(f"http://{proxy}/v2/team/app/blobs/{layer}", auth=alice, timeout=SHORT)
    unauthenticated = DIRECT.get(f"http://{proxy}/v2/team/app/blobs/{layer}", timeout=SHORT)
    assert unauthenticated.status_code == 401


def test_dns_fail_does_not_resolve(lab_faults):
    host, port = hostport(lab_faults["dns_fail"])
    assert (host, port) == ("registry.invalid", 443)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo(host, port)


# --- dockerd ----------------------------------------------------------------------------------


@pytest.fixture
def docker_client(lab, monkeypatch):
    """An SDK client of the lab's dockerd, with DOCKER_CONFIG at the lab's empty dir."""
    import docker

    monkeypatch.setenv("DOCKER_CONFIG", str(lab.docker_config))
    client = docker.DockerClient(base_url=lab.docker_host, timeout=30)
    yield client
    client.close()


def test_dockerd_logs_in_and_pulls_from_basic_http(lab, docker_client):
    import docker

    registry = lab.basic_http
    answer = docker_client.login(
        username="alice",
        password=registry.users["alice"],
        registry=registry.host,
        reauth=True,
    )
    assert answer["Status"] == "Login Succeeded"
    with pytest.raises(docker.errors.APIError) as caught:
        docker_client.login(username="alice", password="wrong", registry=registry.host, reauth=True)
    assert caught.value.status_code == 500
    assert "401 Unauthorized" in str(caught.value.explanation)
    auth = {"username": "alice", "password": registry.users["alice"]}
    pulled = docker_client.images.pull(f"{registry.host}/team/app", tag="1.0", auth_config=auth)
    assert f"{registry.host}/team/app:1.0" in pulled.tags
    assert list(lab.docker_config.iterdir()) == []


def test_dockerd_picks_amd64_from_an_index_and_fails_on_armonly(lab, docker_client):
    registry = lab.token
    auth = {"username": "puller", "password": registry.users["puller"]}
    pulled = docker_client.images.pull(f"{registry.host}/team/multi", tag="1.0", auth_config=auth)
    assert pulled.attrs["Architecture"] == "amd64"
    events = docker_client.api.pull(
        f"{registry.host}/team/armonly", tag="1.0", auth_config=auth, stream=True, decode=True
    )
    errors = [event["error"] for event in events if "error" in event]
    assert errors
    assert "no matching manifest for linux/amd64" in errors[0]


@pytest.mark.parametrize("name", ["basic_http", "basic_tls", "token"])
def test_dockerd_logs_in_to_every_registry_and_rejects_a_wrong_password(lab, docker_client, name):
    import docker

    registry = getattr(lab, name)
    answer = docker_client.login(
        username="alice", password=registry.users["alice"], registry=registry.host, reauth=True
    )
    assert answer["Status"] == "Login Succeeded"
    with pytest.raises(docker.errors.APIError) as caught:
        docker_client.login(
            username="alice", password="LabPw-wrong", registry=registry.host, reauth=True
        )
    assert "unauthorized" in str(caught.value.explanation).lower()


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("tls_expired", "x509: certificate has expired"),
        ("tls_untrusted", "x509: certificate signed by unknown authority"),
        ("tls_wronghost", "x509: cannot validate certificate for ::1"),
        ("tls_plain", "tls: first record does not look like a TLS handshake"),
        ("refused", "connection refused"),
        ("rate429", "failed with status: 429 Too Many Requests"),
    ],
)
def test_dockerd_reports_fault_servers_as_login_failures(lab, docker_client, fault, said):
    import docker

    with pytest.raises(docker.errors.APIError) as caught:
        docker_client.login(
            username="alice", password="LabPw-fault", registry=lab.faults[fault], reauth=True
        )
    assert caught.value.status_code == 500
    assert said in str(caught.value.explanation)
    assert "LabPw-fault" not in str(caught.value)


# --- the lab's own machinery ------------------------------------------------------------------


def test_a_missing_binary_fails_loudly():
    from tests.lab.procs import LabStartError, require_binary

    with pytest.raises(LabStartError, match=re.escape("docker.io docker-registry apache2-utils")):
        require_binary("registry-doctor-no-such-binary")


def test_a_server_that_dies_at_start_fails_with_its_log_tail(tmp_path):
    from tests.lab.procs import LabStartError, Proc

    proc = Proc("broken", ["sh", "-c", "echo cannot bind here; exit 3"], tmp_path / "broken.log")
    with pytest.raises(LabStartError, match=r"(?s)exited with status 3.*cannot bind here"):
        proc.wait_until(lambda: False, 5, "serving")


def test_a_registry_is_stopped_by_its_pid(tmp_path, lab_certs):
    import os

    from tests.lab.registry import start_registry

    started = start_registry("stoppable", tmp_path, {"alice": "LabPw-stoppable"})
    started.wait(lab_certs.ca.cert)
    pid = started.proc.pid
    started.proc.stop()
    assert not started.proc.alive()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_passwords_are_unique_and_kept_out_of_reprs(lab_registries):
    passwords = [
        password
        for registry in all_registries(lab_registries)
        for user, password in registry.users.items()
        if user != "AWS"
    ]
    assert len(set(passwords)) == len(passwords) == 4
    for registry in all_registries(lab_registries):
        for password in registry.users.values():
            assert password not in repr(registry)
            assert password not in repr(lab_registries)


def test_every_fault_is_served_and_names_a_catalogued_code(lab_faults):
    from tests.lab import FAULT_CODES
    from tui.catalogue import CATALOGUE

    assert set(lab_faults) == set(FAULT_CODES)
    assert {code for code in FAULT_CODES.values() if code not in CATALOGUE} == set()
    for address in lab_faults.values():
        host, port = hostport(address)
        assert host in ("127.0.0.1", "::1", "registry.invalid")
        assert 0 < port < 65536


def test_lab_environ_points_at_the_lab_only(lab):
    env = lab.environ(EXTRA="1")
    assert env["SSL_CERT_FILE"] == str(lab.ca_file)
    assert env["DOCKER_HOST"].startswith("unix://")
    assert env["DOCKER_CONFIG"] == str(lab.docker_config)
    assert env["EXTRA"] == "1"
    assert "BEGIN CERTIFICATE" in lab.ca_file.read_text()
    assert lab.lab_ca is not None
    assert lab.lab_ca.read_text() in lab.ca_file.read_text()
