"""What an ECR server, an AWS key and an ECR token look like (offline, no boto3)."""

from __future__ import annotations

import binascii

from tui.lazy_pattern import LazyPattern
from tui.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from datetime import datetime

ECR_HOST = LazyPattern(
    r"^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-z0-9][a-z0-9-]*)\."
    r"(amazonaws\.com(?:\.cn)?|amazonaws\.eu|on\.aws|on\.amazonwebservices\.com\.cn|"
    r"sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$"
)
"""The pattern amazon-ecr-credential-helper uses, on the bare host."""

LOOKS_LIKE_ECR = LazyPattern(
    r"(?i)(\bdkr\b.*\becr\b|\bdkr-ecr\b|\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws)"
)
"""Loose test: the user meant an ECR registry (then the strict pattern must match). A host
that is merely on AWS (an ELB, an EC2 name) is not ECR."""

ECR_PUBLIC_HOSTS = frozenset({"public.ecr.aws", "ecr-public.aws.com"})

ACCESS_KEY_ID = LazyPattern(r"^(AKIA|ASIA)[A-Z2-7]{16}$")
SECRET_KEY = LazyPattern(r"^[A-Za-z0-9/+=]{40}$")


@record(frozen=True)
class EcrRegistry:
    """An ECR private registry named by its host."""

    account: str
    region: str
    fips: bool
    domain: str

    def repository_arn(self, repository: str) -> str:
        """`arn:aws:ecr:<region>:<account>:repository/<name>` (partition from the domain)."""
        partition = "aws-cn" if self.domain.endswith(".cn") else "aws"
        return f"arn:{partition}:ecr:{self.region}:{self.account}:repository/{repository}"


def parse_ecr_host(host: str) -> EcrRegistry | None:
    """The account, region and FIPS flag of an ECR host (`None` when it is not one).

    Accepts a bare host, with or without a port; scheme and path must already be removed.
    """
    bare = host.strip().lower().split(":", 1)[0]
    if "ecr" not in bare:  # no pattern to compile for the hosts most runs see
        return None
    match = ECR_HOST.match(bare)
    if not match:
        return None
    return EcrRegistry(match[1], match[3], bool(match[2]), match[4])


def key_kind(user: str) -> str:
    """`token` (USER is AWS), `long-lived` (AKIA), `temporary` (ASIA) or `unknown`."""
    if user == "AWS":
        return "token"
    if user.startswith("AKIA"):
        return "long-lived"
    if user.startswith("ASIA"):
        return "temporary"
    return "unknown"


def short_key(key_id: str) -> str:
    """`AKIA…WXYZ`: enough to tell keys apart (as the AWS console shows), never the whole id."""
    return f"{key_id[:4]}…{key_id[-4:]}" if len(key_id) >= 12 else "••••"


def is_ecr_key_user(user: str) -> bool:
    """USER holds an AWS access key id (long-lived AKIA or temporary ASIA), not `AWS`."""
    return key_kind(user) in ("long-lived", "temporary")


def is_access_key_id(value: str) -> bool:
    """A well-formed AKIA/ASIA key id (20 characters)."""
    return bool(ACCESS_KEY_ID.match(value))


def is_secret_access_key(value: str) -> bool:
    """Looks like a 40-character AWS secret access key."""
    return bool(SECRET_KEY.match(value))


def _b64decode(text: str) -> bytes:
    from tui.encoding import decode_base64

    return decode_base64(text, urlsafe=True)


def token_expiry(password: str) -> datetime | None:
    """The expiry an ECR registry token carries, best effort (`None` when it does not decode).

    The token is base64 JSON with an `expiration` in Unix seconds (undocumented). A full
    `authorizationToken` (base64 of `AWS:<token>`) is accepted too.
    """
    import json
    from datetime import datetime, timezone

    try:
        raw = _b64decode(password)
        if raw.startswith(b"AWS:"):
            raw = _b64decode(raw[4:].decode("ascii"))
        data = json.loads(raw.decode("utf-8"))
        expiration = data.get("expiration") if isinstance(data, dict) else None
        if isinstance(expiration, str) and expiration.isdigit():
            expiration = int(expiration)
        if isinstance(expiration, (int, float)) and not isinstance(expiration, bool):
            return datetime.fromtimestamp(float(expiration), tz=timezone.utc)
    except (ValueError, UnicodeDecodeError, OverflowError, OSError, binascii.Error):
        return None
    return None
