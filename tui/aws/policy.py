"""The least-privilege IAM policy a pull needs, how to attach it, and why (wizard, `explain`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from tui.i18n import _, t

POLICY_NAME = "registry-doctor-pull"
POLICY_FILE = "policy.json"

PULL_ACTIONS: tuple[str, ...] = (
    "ecr:GetAuthorizationToken",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
)
"""The three rights a pull from private ECR needs, in the order a pull uses them."""

NOT_NEEDED: tuple[str, ...] = (
    "sts:GetServiceBearerToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:Describe*",
)


def explanation() -> str:
    """What an ECR pull needs and why (`registry-doctor explain ECR_PERMISSION_MISSING`), in
    the current language; also the module attribute `EXPLANATION`."""
    return _(
        "With USER set to an access key id and PASSWORD to its secret key, GitHub swaps the keys "
        "for a registry token (`ecr:GetAuthorizationToken`) each time the codespace starts; the "
        "token lasts 12 hours and works only in the registry's region. The pull then needs three "
        "rights: `ecr:GetAuthorizationToken` (granted on `\"Resource\": \"*\"`: it has no "
        "resource-level permission), `ecr:BatchGetImage` (the manifest) and "
        "`ecr:GetDownloadUrlForLayer` (the layers), both on the repository. The managed policies "
        "AmazonEC2ContainerRegistryPullOnly, ReadOnly, PowerUser and FullAccess all suffice. "
        "`sts:GetServiceBearerToken` (ECR Public and CodeArtifact only), "
        "`ecr:BatchCheckLayerAvailability` (a push-side call) and `ecr:Describe*` / `ecr:List*` "
        "are not needed for private ECR: granting them is harmless, missing them is not a fault."
    )


def __getattr__(name: str) -> str:
    """`EXPLANATION`: the explanation in the language current when it is read."""
    if name == "EXPLANATION":
        return explanation()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def least_privilege_policy(
    region: str, account: str, repository: str | Sequence[str], *, partition: str = "aws"
) -> dict:
    """The identity policy that lets a key pull `repository` (one name or several) and no more."""
    names = [repository] if isinstance(repository, str) else list(repository)
    arns = [f"arn:{partition}:ecr:{region}:{account}:repository/{name}" for name in names]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "RegistryToken",
                "Effect": "Allow",
                "Action": "ecr:GetAuthorizationToken",
                "Resource": "*",
            },
            {
                "Sid": "PullImages",
                "Effect": "Allow",
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Resource": arns[0] if len(arns) == 1 else arns,
            },
        ],
    }


def policy_json(
    region: str, account: str, repository: str | Sequence[str], *, partition: str = "aws"
) -> str:
    """`least_privilege_policy(...)` as JSON, indented by 2 (what goes in policy.json)."""
    return json.dumps(
        least_privilege_policy(region, account, repository, partition=partition), indent=2
    )


def put_user_policy_command(user_name: str) -> str:
    """The one `aws iam put-user-policy` command, reading the policy from policy.json."""
    return (
        f"aws iam put-user-policy --user-name {user_name} --policy-name {POLICY_NAME} "
        f"--policy-document file://{POLICY_FILE}"
    )


def attach_instructions(user_name: str, policy: str | None = None) -> str:
    """How to attach the policy to IAM user `user_name`: console path, then the CLI command."""
    lines = [
        t("Attach this inline policy to the IAM user {user}:", user=user_name),
        "  " + t("Console: IAM → Users → {user} → Add permissions → Create inline policy → JSON, "
                 "paste the policy, name it {policy}.", user=user_name, policy=POLICY_NAME),
        "  " + t("CLI: save the policy as {file}, then run", file=POLICY_FILE),
        f"    {put_user_policy_command(user_name)}",
        _("Then stop and start the codespace (GitHub swaps the keys when it starts) and run "
          "registry-doctor again."),
    ]
    if policy:
        lines += [f"{POLICY_FILE}:", policy]
    return "\n".join(lines)
