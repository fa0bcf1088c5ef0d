"""A pytest plugin: one moto server on loopback for the whole session, with IAM enforced.

The fixture creates IAM users (each with its own policy and access key), an ECR repository and
an image while moto's auth is off, then turns IAM enforcement on (`/moto-api/reset-auth` 0),
and yields an `EcrLab`. Tests point the product at it with `AWS_ENDPOINT_URL`.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

ACCOUNT = "123456789012"
"""moto's default account."""
REGION = "us-east-1"
REPOSITORY = "team/app"
TAG = "1.0"
TIMINGS: dict[str, float] = {}
"""Start-up seconds of the moto server and of the planting (shown in the terminal summary)."""
LAYER_DIGEST = "sha256:" + "b" * 64

MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 10,
               "digest": "sha256:" + "a" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 20,
                "digest": LAYER_DIGEST}],
}


def _statement(effect: str, action: str | list[str]) -> dict:
    return {"Effect": effect, "Action": action, "Resource": "*"}


USERS: dict[str, dict] = {
    "nopolicy": {},
    "tokenonly": {"inline": [_statement("Allow", "ecr:GetAuthorizationToken")]},
    "pullonly": {"managed": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"},
    "readonly": {"managed": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"},
    "denybatch": {"inline": [_statement("Allow", "ecr:*"),
                             _statement("Deny", "ecr:BatchGetImage")]},
    "admin": {"managed": "arn:aws:iam::aws:policy/AdministratorAccess"},
}
"""The lab's IAM users and what each is granted (moto checks ECR rights on `*` only)."""


@dataclass
class EcrLab:
    """The running moto server and what was planted in it."""

    endpoint: str
    startup_seconds: float
    keys: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    """user name → (access key id, secret access key)"""
    account: str = ACCOUNT
    region: str = REGION
    repository: str = REPOSITORY
    tag: str = TAG

    @property
    def host(self) -> str:
        """The ECR registry host of the lab's account and region."""
        return f"{self.account}.dkr.ecr.{self.region}.amazonaws.com"

    @property
    def environ(self) -> dict[str, str]:
        """The environment that points the product's AWS calls at the lab."""
        return {"AWS_ENDPOINT_URL": self.endpoint}


def _set_auth(endpoint: str, value: str) -> None:
    """Turn moto's IAM enforcement on (`0`) or off (`inf`)."""
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth", data=value.encode(), method="POST",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def _plant(endpoint: str) -> dict[str, tuple[str, str]]:
    """Create the users, their keys and policies, the repository and one image."""
    from tui.aws.calls import AwsClients, AwsTarget

    target = AwsTarget(REGION, timeout=10, environ={"AWS_ENDPOINT_URL": endpoint})
    setup = AwsClients("AKIAIOSFODNN7EXAMPLE", "x" * 40, target)  # auth is still off
    iam, ecr = setup.client("iam"), setup.client("ecr")
    ecr.create_repository(repositoryName=REPOSITORY)
    ecr.put_image(repositoryName=REPOSITORY, imageManifest=json.dumps(MANIFEST), imageTag=TAG)
    keys: dict[str, tuple[str, str]] = {}
    for name, grants in USERS.items():
        iam.create_user(UserName=name)
        if "inline" in grants:
            document = {"Version": "2012-10-17", "Statement": grants["inline"]}
            iam.put_user_policy(UserName=name, PolicyName="lab",
                                PolicyDocument=json.dumps(document))
        if "managed" in grants:
            iam.attach_user_policy(UserName=name, PolicyArn=grants["managed"])
        key = iam.create_access_key(UserName=name)["AccessKey"]
        keys[name] = (key["AccessKeyId"], key["SecretAccessKey"])
    return keys


@pytest.fixture(scope="session")
def ecr_lab() -> Iterator[EcrLab]:
    """moto in server mode on 127.0.0.1 (ephemeral port), planted, with IAM enforced."""
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    started = time.monotonic()
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = ""
    try:
        host, port = server.get_host_and_port()
        assert host == "127.0.0.1"
        endpoint = f"http://{host}:{port}"
        TIMINGS["moto server"] = time.monotonic() - started
        keys = _plant(endpoint)
        _set_auth(endpoint, "0")
        TIMINGS["moto server + IAM/ECR planted"] = time.monotonic() - started
        lab = EcrLab(endpoint=endpoint, startup_seconds=round(time.monotonic() - started, 2),
                     keys=keys)
        yield lab
    finally:
        if endpoint:
            with contextlib.suppress(OSError):  # stopping the server is what matters
                _set_auth(endpoint, "inf")
        server.stop()


def pytest_terminal_summary(terminalreporter) -> None:
    """One line with the ECR lab's start-up times, when it was started."""
    if TIMINGS:
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in TIMINGS.items())
        terminalreporter.write_line(f"ECR lab (moto) start-up: {parts}")
