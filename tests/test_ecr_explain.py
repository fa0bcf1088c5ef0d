"""The ECR explanation: every right a pull needs and why, filled in, with or without AWS."""

from __future__ import annotations

import json

from tests.app_harness import _set, scenario, settle
from tests.test_app_pilot import drive, make_app
from tui.aws.explain import explain_ecr
from tui.model import ImageRef, SecretSet

HOST = "210987654321.dkr.ecr.us-east-2.amazonaws.com"
IMAGE = ImageRef(f"{HOST}/team/api:7", HOST, "team/api", "7", ".devcontainer/devcontainer.json")


def ecr_set(user: str) -> SecretSet:
    return _set("ECR", HOST, user, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ecr", HOST)


def test_with_no_ecr_set_the_documented_form_is_explained() -> None:
    [explained] = explain_ecr([], [], {}, "offline")
    assert explained.subject == "documented form"
    assert explained.server == "<account>.dkr.ecr.<region>.amazonaws.com"
    assert [r.action for r in explained.rights] == [
        "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    assert all(r.status == "explained" for r in explained.rights)


def test_a_key_set_offline_is_explained_only_and_filled_in() -> None:
    [explained] = explain_ecr([ecr_set("AKIAIOSFODNN7EXAMPLE")], [IMAGE], {}, "offline")
    assert explained.mode == "long-lived" and "swaps the key" in explained.mode_text
    assert explained.verified == "explained only: offline"
    token, image, layer = explained.rights
    assert layer.resource == image.resource and "layer" in layer.why
    assert token.resource == "*" and "no resource-level permission" in token.why
    assert image.resource == "arn:aws:ecr:us-east-2:210987654321:repository/team/api"
    policy = json.loads(explained.policy)
    assert policy["Statement"][1]["Resource"] == image.resource
    assert "put-user-policy" in explained.command and "file://policy.json" in explained.command
    not_needed = dict(explained.not_needed)
    assert "pushes, not when it pulls" in not_needed["ecr:BatchCheckLayerAvailability"]
    assert "sts:GetServiceBearerToken" in not_needed


def test_what_aws_said_is_shown_per_right_with_the_iam_user() -> None:
    results = {"ECR": {"actions": {"ecr:GetAuthorizationToken": "allowed",
                                   "ecr:BatchGetImage": "denied",
                                   "ecr:GetDownloadUrlForLayer": "not-checked"},
                       "identity_arn": "arn:aws:iam::210987654321:user/ci/pull-bot"}}
    [explained] = explain_ecr([ecr_set("AKIAIOSFODNN7EXAMPLE")], [IMAGE], results, "")
    assert [r.status for r in explained.rights] == ["allowed", "denied", "explained"]
    assert explained.verified == ("verified with AWS: ecr:GetAuthorizationToken, "
                                  "ecr:BatchGetImage; explained only: ecr:GetDownloadUrlForLayer")
    assert explained.user_name == "pull-bot"
    assert "--user-name pull-bot" in explained.command


def test_a_token_set_says_no_right_is_asked() -> None:
    [explained] = explain_ecr([ecr_set("AWS")], [IMAGE], {}, "offline")
    assert explained.mode == "token" and "12 hours" in explained.mode_text
    assert "no right is asked of AWS" in explained.verified


def test_s_saves_the_policy_beside_the_report(tmp_path) -> None:
    async def go() -> None:
        app = make_app(scenario("offline", tmp_path), tmp_path, start="ecr")
        async with app.run_test(size=(100, 32), notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("s")
            await pilot.pause()
        policy = json.loads((tmp_path / "policy.json").read_text(encoding="utf-8"))
        assert policy["Statement"][0] == {"Sid": "RegistryToken", "Effect": "Allow",
                                          "Action": "ecr:GetAuthorizationToken", "Resource": "*"}

    drive(go())
