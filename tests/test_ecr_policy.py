"""The least-privilege policy, the attach instructions and the explanation text."""

from __future__ import annotations

import json

from tui.aws.policy import (
    EXPLANATION,
    NOT_NEEDED,
    PULL_ACTIONS,
    attach_instructions,
    least_privilege_policy,
    policy_json,
)
from tui.catalogue import info

ARN = "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"


def test_policy_grants_exactly_the_three_pull_rights():
    policy = least_privilege_policy("eu-west-1", "123456789012", "team/app")
    assert policy == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "RegistryToken", "Effect": "Allow",
             "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {"Sid": "PullImages", "Effect": "Allow",
             "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": ARN},
        ],
    }


def test_policy_for_several_repositories_and_other_partitions():
    policy = least_privilege_policy("cn-north-1", "123456789012", ["a", "b/c"],
                                    partition="aws-cn")
    assert policy["Statement"][1]["Resource"] == [
        "arn:aws-cn:ecr:cn-north-1:123456789012:repository/a",
        "arn:aws-cn:ecr:cn-north-1:123456789012:repository/b/c",
    ]


def test_policy_json_is_indented_and_round_trips():
    text = policy_json("eu-west-1", "123456789012", "team/app")
    assert text.startswith('{\n  "Version": "2012-10-17",')
    assert json.loads(text) == least_privilege_policy("eu-west-1", "123456789012", "team/app")


def test_attach_instructions_name_the_user_console_path_and_command():
    text = attach_instructions("ci-puller", policy_json("eu-west-1", "123456789012", "team/app"))
    assert ("IAM → Users → ci-puller → Add permissions → Create inline policy → JSON"
            in text)
    assert ("aws iam put-user-policy --user-name ci-puller --policy-name registry-doctor-pull "
            "--policy-document file://policy.json") in text
    assert text.count("aws iam put-user-policy") == 1
    assert ARN in text
    assert "stop and start the codespace" in text


def test_explanation_and_catalogue_agree():
    entry = info("ECR_PERMISSION_MISSING")
    for action in PULL_ACTIONS:
        assert action in EXPLANATION and action in entry.meaning
    for action in NOT_NEEDED:
        assert action in EXPLANATION
    assert "sts:GetServiceBearerToken" in entry.meaning
    assert "12-hour" in entry.meaning and "12 hours" in EXPLANATION
    assert "each codespace start" in entry.meaning
    assert "each time the codespace starts" in EXPLANATION
    assert "registry-doctor-pull" in entry.fix and "file://policy.json" in entry.fix
