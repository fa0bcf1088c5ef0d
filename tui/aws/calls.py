"""The AWS calls of the ECR step: bounded, with explicit keys, never reading the user's ~/.aws.

boto3 and botocore are imported inside the functions that use them (start-up stays light).
Every call returns a `CallResult` instead of raising: the step turns its `kind` into findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.record import field, record

DENIED_ACTION = LazyPattern(r"not authorized to perform: (\S+)")
"""Where AWS names the action it refused (`AccessDeniedException`, moto's `403`)."""

_XML_CODE = LazyPattern(r"<Code>([^<]*)</Code>")
_XML_MESSAGE = LazyPattern(r"<Message>([^<]*)</Message>")

INVALID_KEY_CODES = frozenset({"InvalidClientTokenId", "UnrecognizedClientException"})
BAD_SECRET_CODES = frozenset({"SignatureDoesNotMatch", "IncompleteSignature"})
DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
NOT_IMPLEMENTED_CODES = frozenset({"NotImplemented", "InternalFailure", "InternalError"})

SERVICE_ENDPOINT_VARS: dict[str, str] = {
    "ecr": "AWS_ENDPOINT_URL_ECR",
    "sts": "AWS_ENDPOINT_URL_STS",
    "iam": "AWS_ENDPOINT_URL_IAM",
}


@record(frozen=True)
class CallResult:
    """The outcome of one AWS call.

    `kind` is one of: ok, denied, invalid-key, bad-secret, repository-not-found,
    image-not-found, layer-not-found, unreachable, not-implemented, error.
    """

    kind: str
    value: dict[str, Any] = field(default_factory=dict)
    code: str = ""
    """The AWS error code (or the exception's class name)."""
    action: str | None = None
    """The refused action (`ecr:BatchGetImage`) when `kind` is denied."""
    message: str = ""
    """The error message, already redacted."""

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


@record(frozen=True)
class AwsTarget:
    """Where the calls go: region, FIPS, endpoint overrides and the bound on each call."""

    region: str
    fips: bool = False
    timeout: float = 5.0
    environ: Mapping[str, str] = field(default_factory=dict)

    def endpoint_for(self, service: str) -> str | None:
        """`AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, from the options' environment."""
        specific = self.environ.get(SERVICE_ENDPOINT_VARS.get(service, ""), "").strip()
        return specific or self.environ.get("AWS_ENDPOINT_URL", "").strip() or None


class AwsClients:
    """boto3 clients for one key pair, built without profiles or shared config files."""

    def __init__(self, access_key_id: str, secret_access_key: str, target: AwsTarget) -> None:
        import boto3
        import botocore.session
        from botocore.config import Config

        overrides = {
            # No profile from AWS_PROFILE / AWS_DEFAULT_PROFILE (a missing one raises even with
            # explicit keys) and no ~/.aws files: only the keys from the secret set count.
            "profile": (None, None, None, None),
            "config_file": (None, None, os.devnull, None),
            "credentials_file": (None, None, os.devnull, None),
            "region": (None, None, target.region, None),
            # Endpoints come from the options' environment, passed explicitly below.
            "ignore_configured_endpoint_urls": (None, None, True, None),
            "ca_bundle": (None, None, target.environ.get("AWS_CA_BUNDLE") or None, None),
        }
        core = botocore.session.Session(session_vars=overrides)
        self._session = boto3.session.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=target.region,
            botocore_session=core,
        )
        self._config = Config(
            connect_timeout=target.timeout,
            read_timeout=target.timeout,
            retries={"total_max_attempts": 2, "mode": "standard"},
            use_fips_endpoint=target.fips,
        )
        self._target = target
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        """The (cached) client for `service`."""
        if service not in self._clients:
            self._clients[service] = self._session.client(
                service,
                region_name=self._target.region,
                endpoint_url=self._target.endpoint_for(service),
                config=self._config,
            )
        return self._clients[service]


def call(
    clients: AwsClients | None,
    service: str,
    operation: str,
    redact: Callable[[str], str],
    **params: Any,
) -> CallResult:
    """Run `operation` on `service`; any failure becomes a classified `CallResult`."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    if clients is None:
        return CallResult("error", code="NoClient", message=_("no AWS client"))
    try:
        response = getattr(clients.client(service), operation)(**params)
    except ClientError as exc:
        return classify_client_error(exc.response, redact)
    except ResponseParserError as exc:
        # An answer that is not AWS's format (a 500 page): the endpoint cannot do this call.
        return CallResult("not-implemented", code="ResponseParserError",
                          message=redact(_first_line(str(exc))))
    except BotoCoreError as exc:
        return classify_botocore_error(exc, redact)
    except (OSError, ValueError) as exc:
        return CallResult("unreachable" if isinstance(exc, OSError) else "error",
                          code=type(exc).__name__, message=redact(_first_line(str(exc))))
    if isinstance(response, dict):
        response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return CallResult("ok", value=response if isinstance(response, dict) else {})


def build_clients(
    access_key_id: str, secret_access_key: str, target: AwsTarget, redact: Callable[[str], str]
) -> tuple[AwsClients | None, CallResult | None]:
    """Clients for the key pair, or the reason they cannot be built (never raises)."""
    from botocore.exceptions import BotoCoreError

    try:
        return AwsClients(access_key_id, secret_access_key, target), None
    except (BotoCoreError, ValueError, OSError) as exc:
        return None, CallResult("error", code=type(exc).__name__,
                                message=redact(_first_line(str(exc))))


def classify_client_error(response: Mapping[str, Any], redact: Callable[[str], str]) -> CallResult:
    """The kind of a `ClientError` from its response (`Error.Code`, message, HTTP status)."""
    error = response.get("Error") or {}
    code = str(error.get("Code") or "")
    message = str(error.get("Message") or "")
    # moto wraps some errors as Code "403" with an XML document as the message.
    inner_code = _XML_CODE.search(message)
    inner_message = _XML_MESSAGE.search(message)
    if inner_code:
        code = inner_code.group(1)
    if inner_message:
        message = inner_message.group(1)
    status = int((response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
    clean = redact(_first_line(message))
    denied = DENIED_ACTION.search(message)
    if code in INVALID_KEY_CODES:
        kind = "invalid-key"
    elif code in BAD_SECRET_CODES:
        kind = "bad-secret"
    elif denied or code in DENIED_CODES:
        kind = "denied"
    elif code == "RepositoryNotFoundException":
        kind = "repository-not-found"
    elif code == "ImageNotFoundException":
        kind = "image-not-found"
    elif code in ("LayersNotFoundException", "LayerInaccessibleException"):
        kind = "layer-not-found"
    elif code in NOT_IMPLEMENTED_CODES or status >= 500 or code.startswith("5"):
        kind = "not-implemented"
    else:
        kind = "error"
    action = denied.group(1).rstrip(".,;:") if denied else None
    if clean.lstrip().startswith("<"):
        clean = t("HTTP {status}: the endpoint answered with a page, not an AWS error",
                  status=status or code)
    return CallResult(kind, code=code, action=action, message=clean)


def classify_botocore_error(exc: Exception, redact: Callable[[str], str]) -> CallResult:
    """Connection faults and timeouts are `unreachable`; anything else is `error`."""
    from botocore.exceptions import (
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ProxyConnectionError,
        ReadTimeoutError,
    )

    unreachable = (
        EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError,
        ConnectionClosedError, ProxyConnectionError,
    )
    kind = "unreachable" if isinstance(exc, unreachable) else "error"
    return CallResult(kind, code=type(exc).__name__, message=redact(_first_line(str(exc))))


def user_name_from_arn(arn: str | None) -> str | None:
    """`alice` from `arn:aws:iam::123456789012:user/team/alice` (None for roles and others)."""
    if not arn or ":user/" not in arn:
        return None
    return arn.rsplit("/", 1)[-1] or None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def operator_clients(target: AwsTarget) -> tuple[AwsClients | None, CallResult | None]:
    """Clients with the operator's own credentials (environment or profile: boto3's chain),
    for a repair; never a secret set's keys. Bounded like every call."""
    from botocore.exceptions import BotoCoreError

    try:
        clients = AwsClients.__new__(AwsClients)
        import boto3
        from botocore.config import Config

        clients._session = boto3.session.Session(region_name=target.region)
        clients._config = Config(connect_timeout=target.timeout, read_timeout=target.timeout,
                                 retries={"total_max_attempts": 2, "mode": "standard"})
        clients._target = target
        clients._clients = {}
        return clients, None
    except (BotoCoreError, ValueError, OSError) as exc:
        return None, CallResult("error", code=type(exc).__name__,
                                message=_first_line(str(exc)))


def operator_key_id(clients: AwsClients) -> str | None:
    """The access key id of the operator's credentials (None when there are none)."""
    credentials = clients._session.get_credentials()
    return None if credentials is None else credentials.access_key
