"""The checks of one ECR secret set: the key pair, its swap for a registry token, the rights it
gives on each image, and the token's way through the registry's login and pull."""

from __future__ import annotations

import json
import threading

from tui.aws.formats import (
    ECR_PUBLIC_HOSTS,
    EcrRegistry,
    key_kind,
    parse_ecr_host,
    short_key,
    token_expiry,
)
from tui.aws.policy import PULL_ACTIONS, attach_instructions, policy_json
from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis
from tui.checks.ecr.images import ImageCheck
from tui.checks.ecr.result import (
    ALLOWED,
    DENIED,
    GET_TOKEN,
    NOT_CHECKED,
    STEP,
    EcrSetResult,
    aws_calls,
)
from tui.i18n import _, t
from tui.model import Finding, ImageRef, Secret, SecretSet
from tui.redact import Redactor
from tui.registry.probe.parallel import concurrently

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.aws.calls import AwsClients, AwsTarget, CallResult
    from tui.steps import StageState


_redactor_lock = threading.Lock()


def host_of(secret_set: SecretSet) -> str:
    """The registry host the set names (the secrets step's `host`, else from the server)."""
    if secret_set.host:
        return secret_set.host.lower()
    server = secret_set.server.text if secret_set.server else ""
    bare = server.strip().split("://", 1)[-1].split("/", 1)[0]
    return bare.lower()


class SetCheck:
    """The checks of one ECR secret set."""

    def __init__(self, diagnosis: Diagnosis, secret_set: SecretSet) -> None:
        self.diagnosis = diagnosis
        self.options = diagnosis.options
        self.set = secret_set
        self.prefix = secret_set.prefix
        self.host = host_of(secret_set)
        raw_user = secret_set.user.text if secret_set.user else ""
        raw_password = secret_set.secret.reveal() if secret_set.secret else ""
        # Stray whitespace is the naming step's finding; here the intended values are checked.
        self.user = raw_user.strip()
        self.password = Secret(raw_password.strip())
        self.result = EcrSetResult(prefix=self.prefix, host=self.host, mode="skipped")
        if (self.user, self.password.reveal()) != (raw_user, raw_password):
            self.result.notes.append(_("Checked with the whitespace around USER/PASSWORD removed; "
                                       "fix the values themselves (see Names & values)."))
        self.findings: list[Finding] = []
        self._local = Redactor([raw_user, raw_password, self.user, self.password])
        self.registry: EcrRegistry | None = None
        self.target: AwsTarget | None = None

    # --- helpers -------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """Masks every known secret, this set's key id and secret key included."""
        return self._local(self.diagnosis.redactor(text))

    def progress(self, stage: str, state: StageState, detail: str = "") -> None:
        self.diagnosis.report(STEP, self.prefix, stage, state, self.redact(detail))

    def add(self, code: str, detail: str, fix: str | None = None, **kwargs) -> None:
        self.findings.append(
            finding(code, self.redact(detail), self.redact(fix) if fix else None,
                    secret_set=self.prefix, step=STEP, **kwargs)
        )

    def images(self) -> list[ImageRef]:
        """The images on this set's registry, each repository/reference once."""
        seen: dict[tuple[str, str], ImageRef] = {}
        for image in self.diagnosis.context.images:
            if image.host.lower() == self.host:
                seen.setdefault((image.repository, image.reference), image)
        return list(seen.values())

    def who(self) -> str:
        arn = self.result.identity_arn
        if arn:
            return t("key {key} ({arn})", key=short_key(self.user), arn=arn)
        return t("key {key}", key=short_key(self.user))

    # --- the flow ------------------------------------------------------------------------

    def run(self) -> tuple[EcrSetResult, list[Finding]]:
        """All checks of this set; never raises for AWS faults (they become findings)."""
        if self.host in ECR_PUBLIC_HOSTS:
            self.result.notes.append(_("ECR Public: anonymous pulls need no secrets; not checked."))
            return self.result, self.findings
        self.registry = parse_ecr_host(self.host)
        if self.registry is None:
            self.result.notes.append(_("The server is not a private ECR registry URL."))
            return self.result, self.findings
        if not self.user or not self.password.reveal():
            self.result.notes.append(_("USER or PASSWORD is empty (see Secrets): not checked."))
            return self.result, self.findings
        self.result.registry_account = self.registry.account
        self.result.region = self.registry.region
        self.result.repositories = sorted({image.repository for image in self.images()})
        if key_kind(self.user) == "token":
            self.result.mode = "token"
            self.check_token_mode()
        else:
            self.result.mode = "keys"
            self.check_key_mode()
        return self.result, self.findings

    def check_token_mode(self) -> None:
        """USER is `AWS`: judge the token's expiry, then probe the registry with it."""
        expires = token_expiry(self.password.reveal())
        self.result.token_expires = expires
        now = self.options.now()
        if expires is None:
            self.result.notes.append(_("The token's expiry is unknown (it does not decode)."))
        elif expires <= now:
            self.progress("token", "fail", t("expired {when} UTC",
                                             when=f"{expires:%Y-%m-%d %H:%M}"))
            self.result.token_ok = False
            if not self._naming_found("ECR_TOKEN_EXPIRED"):
                self.add("ECR_TOKEN_EXPIRED",
                         t("The registry token in {name} expired at {when} UTC.",
                           name=f"{self.prefix}_CONTAINER_REGISTRY_PASSWORD",
                           when=f"{expires:%Y-%m-%d %H:%M}"), stage="token")
            return
        else:
            self.progress("token", "pass",
                          t("valid until {when} UTC", when=f"{expires:%Y-%m-%d %H:%M}"))
        if self.prefix in self.diagnosis.handoff.login:
            self.result.probe = _("see the Login and Pull steps (they try USER AWS tokens)")
            return
        self.findings.extend(self.probe(self.password, self.host))

    def check_key_mode(self) -> None:
        """USER is an access key id: swap it like GitHub, then test each pull right."""
        registry = self.registry
        assert registry is not None
        aws = aws_calls()
        target = aws.AwsTarget(registry.region, registry.fips, self.options.timeout,
                               self.options.environ)
        self.target = target
        clients, problem = aws.build_clients(self.user, self.password.reveal(), target, self.redact)
        if clients is None:
            self.result.notes.append(t("AWS client could not be built: {message}",
                                       message=problem.message))
            self.progress("identity", "fail", problem.message if problem else "")
            return
        if not self.check_identity(clients):
            return
        token = self.check_token(clients)
        if token is False:
            return
        self.check_images(clients)
        self.simulate(clients)
        self.report_permissions()
        if isinstance(token, Secret):
            host = self.probe_host(self.result.proxy_endpoint or "")
            if host:
                self.findings.extend(self.probe(token, host))

    def check_identity(self, clients: AwsClients) -> bool:
        """`sts:GetCallerIdentity`: False when the key is invalid or AWS cannot be reached."""
        self.progress("identity", "running")
        outcome = aws_calls().call(clients, "sts", "get_caller_identity", self.redact)
        if self._fatal(outcome, "identity"):
            return False
        if not outcome.ok:
            self.result.notes.append(t("GetCallerIdentity failed: {code} {message}",
                                       code=outcome.code, message=outcome.message))
            self.progress("identity", "warn", outcome.code)
            return True
        account = str(outcome.value.get("Account") or "")
        self.result.identity_account = account or None
        self.result.identity_arn = self.redact(str(outcome.value.get("Arn") or "")) or None
        self.progress("identity", "pass", self.result.identity_arn or "")
        registry = self.registry
        if account and registry and account != registry.account:
            self.add_account_mismatch(account)
        return True

    def check_token(self, clients: AwsClients) -> Secret | bool | None:
        """`ecr:GetAuthorizationToken`: the swapped token, None when refused, False to stop."""
        self.progress("token", "running")
        outcome = aws_calls().call(clients, "ecr", "get_authorization_token", self.redact)
        if self._fatal(outcome, "token"):
            return False
        if outcome.kind == "denied":
            self._mark(GET_TOKEN, DENIED)
            self.result.token_ok = False
            self.progress("token", "fail", t("{action} refused", action=GET_TOKEN))
            return None
        if not outcome.ok:
            self.result.notes.append(t("GetAuthorizationToken: {code} {message}",
                                       code=outcome.code, message=outcome.message))
            self.progress("token", "warn", outcome.code)
            return None
        self._mark(GET_TOKEN, ALLOWED)
        self.result.token_ok = True
        data = (outcome.value.get("authorizationData") or [{}])[0]
        raw = str(data.get("authorizationToken") or "")
        password = _token_password(raw)
        with _redactor_lock:
            for value in (raw, password):
                if value:
                    self.diagnosis.redactor.add(Secret(value))
                    self._local.add(Secret(value))
        self.result.proxy_endpoint = str(data.get("proxyEndpoint") or "") or None
        expires = data.get("expiresAt")
        from datetime import datetime, timezone

        if isinstance(expires, datetime):
            self.result.token_expires = expires.astimezone(timezone.utc)
        self.progress("token", "pass", _("the keys swap for a registry token"))
        if not password:
            return None
        if self.result.token_expires and self.result.token_expires <= self.options.now():
            self.result.notes.append(
                t("The swapped token's expiry ({when} UTC) is already past by this machine's "
                  "clock: the registry was not probed with it.",
                  when=f"{self.result.token_expires:%Y-%m-%d %H:%M}")
            )
            return None
        return Secret(password)

    def check_images(self, clients: AwsClients) -> None:
        """The two repository rights, on each image of this registry (concurrently)."""
        images = self.images()
        if not images:
            self.result.notes.append(
                _("No image on this registry is known (devcontainer.json or --image): "
                  "BatchGetImage and GetDownloadUrlForLayer were not tested.")
            )
            return
        clients.client("ecr")  # build the shared client once, before the threads
        outcomes = concurrently(lambda image: ImageCheck(self, clients, image).run(), images)
        for image_check in outcomes:
            for action, state in image_check.actions.items():
                self._mark(action, state)
            self.result.notes.extend(image_check.notes)
            self.findings.extend(image_check.findings)

    def simulate(self, clients: AwsClients) -> None:
        """Optional: ask IAM's simulator about rights not yet settled; silent on any failure."""
        arn = self.result.identity_arn
        pending = [a for a, s in self.result.actions.items() if s == NOT_CHECKED]
        if not pending or not arn or ":user/" not in arn or self.registry is None:
            return
        resources = [self.registry.repository_arn(r) for r in self.result.repositories] or ["*"]
        outcome = aws_calls().call(clients, "iam", "simulate_principal_policy", self.redact,
                       PolicySourceArn=arn, ActionNames=pending, ResourceArns=resources)
        if not outcome.ok:
            return
        for item in outcome.value.get("EvaluationResults") or []:
            action, decision = item.get("EvalActionName"), item.get("EvalDecision")
            if action in pending and decision == "allowed":
                self._mark(action, ALLOWED)
            elif action in pending and decision == "explicitDeny":
                # implicitDeny is not trusted: the simulator ignores repository policies here.
                self._mark(action, DENIED)

    def report_permissions(self) -> None:
        """One ECR_PERMISSION_MISSING naming every refused right, with the policy to attach."""
        actions = self.result.actions
        denied = [a for a in PULL_ACTIONS if actions.get(a) == DENIED]
        extra = [a for a, s in actions.items() if s == DENIED and a not in PULL_ACTIONS]
        if not denied and not extra:
            settled = [a for a in PULL_ACTIONS if actions.get(a) == ALLOWED]
            missing = any(f.stage == "rights" for f in self.findings)
            self.progress("rights", "fail" if missing else "pass",
                          t("allowed: {actions}", actions=", ".join(settled) or _("none known")))
            return
        registry = self.registry
        assert registry is not None
        partition = registry.repository_arn("x").split(":")[1]
        repositories = self.result.repositories or ["*"]
        policy = policy_json(registry.region, registry.account, repositories,
                             partition=partition)
        self.result.policy = policy
        user_name = aws_calls().user_name_from_arn(self.result.identity_arn)
        allowed = [a for a in PULL_ACTIONS if actions.get(a) == ALLOWED]
        unknown = [a for a in PULL_ACTIONS if actions.get(a) == NOT_CHECKED]
        detail = [t("AWS refuses {actions} to the {who}.", actions=", ".join(denied + extra),
                    who=self.who())]
        if allowed:
            detail.append(t("Allowed: {actions}.", actions=", ".join(allowed)))
        if unknown:
            detail.append(t("Not checked: {actions}.", actions=", ".join(unknown)))
        if GET_TOKEN in denied:
            detail.append(_("Without ecr:GetAuthorizationToken GitHub cannot swap the keys for "
                            "a registry token; it must be granted on \"Resource\": \"*\"."))
        fix_lines = []
        if user_name is None:
            fix_lines.append(_("This key does not belong to an IAM user: create an IAM user "
                               "with a long-lived access key and attach the policy to it."))
        fix_lines.append(attach_instructions(user_name or "YOUR-IAM-USER", policy))
        stage = "token" if denied == [GET_TOKEN] and not extra else "rights"
        self.add("ECR_PERMISSION_MISSING", " ".join(detail), "\n".join(fix_lines), stage=stage)
        self.progress("rights", "fail", ", ".join(denied + extra))

    def add_account_mismatch(self, account: str) -> None:
        registry = self.registry
        assert registry is not None
        repo = self.result.repositories[0] if self.result.repositories else "REPOSITORY"
        principal = self.result.identity_arn or f"arn:aws:iam::{account}:root"
        statement = {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "PullFromOtherAccount", "Effect": "Allow",
                           "Principal": {"AWS": principal},
                           "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}],
        }
        self.add(
            "AWS_ACCOUNT_MISMATCH",
            t("The {who} belongs to account {account}; the registry {host} is in account "
              "{registry_account}.", who=self.who(), account=account, host=self.host,
              registry_account=registry.account),
            "\n".join([
                t("In account {account}, add a repository policy that lets {principal} pull "
                  "(save it as repo-policy.json):", account=registry.account,
                  principal=principal),
                json.dumps(statement, indent=2),
                f"aws ecr set-repository-policy --region {registry.region} --repository-name "
                f"{repo} --policy-text file://repo-policy.json",
                _("The key's own account must also grant it the pull rights (identity policy)."),
            ]),
            stage="identity",
        )

    # --- the login/pull probe ------------------------------------------------------------

    def probe(self, password: Secret, host: str) -> list[Finding]:
        """The registry token through the login step's daemon-less login and pull probe."""
        from tui.checks.ecr.token_probe import probe_token

        return probe_token(self, password, host)

    def probe_host(self, proxy_endpoint: str) -> str | None:
        """Where the swapped token is tried: the set's registry, as GitHub does.

        With a stand-in AWS endpoint (`AWS_ENDPOINT_URL[_ECR]`), its token is only good at the
        stand-in's registry: the `proxyEndpoint` it names, unless that is a real ECR host.
        """
        if self.target is None or not self.target.endpoint_for("ecr"):
            return self.host
        proxy_host = proxy_endpoint.split("://", 1)[-1].split("/", 1)[0].lower()
        if proxy_host and parse_ecr_host(proxy_host) is None:
            return proxy_host
        self.result.notes.append(
            t("The token comes from a stand-in AWS endpoint (AWS_ENDPOINT_URL) whose registry "
              "address is {address}: the registry was not probed with it.",
              address=proxy_host or _("not given"))
        )
        return None

    # --- internals -----------------------------------------------------------------------

    def _fatal(self, outcome: CallResult, stage: str) -> bool:
        """Key invalid or AWS unreachable: add the finding, stop this set."""
        if outcome.kind in ("invalid-key", "bad-secret"):
            self.add_key_invalid(outcome, stage)
        elif outcome.kind == "unreachable":
            region = self.registry.region if self.registry else "?"
            self.add("AWS_UNREACHABLE",
                     t("The AWS endpoint for {region} did not answer within {bound} s: "
                       "{message}", region=region, bound=f"{self.options.timeout:g}",
                       message=outcome.message),
                     t("Check the network and proxy settings of the codespace and the region in "
                       "{name}, then run the check again.",
                       name=f"{self.prefix}_CONTAINER_REGISTRY_SERVER"),
                     stage=stage)
        else:
            return False
        self.progress(stage, "fail", outcome.code)
        return True

    def gh_set(self, *names: str) -> str:
        """`gh secret set` commands for this set's variables (user secret, or repository)."""
        from tui.checks.ecr.key_invalid import gh_set

        return gh_set(self.prefix, self.diagnosis.context.repository or "OWNER/REPO", names)

    def add_key_invalid(self, outcome: CallResult, stage: str = "identity") -> None:
        from tui.checks.ecr.key_invalid import key_invalid

        detail, fix = key_invalid(self.user, self.prefix, outcome, self.gh_set)
        self.add("AWS_KEY_INVALID", detail, fix, stage=stage)

    def _mark(self, action: str, state: str) -> None:
        """Record a right's state: denied beats allowed beats not-checked."""
        rank = {NOT_CHECKED: 0, ALLOWED: 1, DENIED: 2}
        current = self.result.actions.get(action, NOT_CHECKED)
        if rank[state] > rank[current]:
            self.result.actions[action] = state

    def _naming_found(self, code: str) -> bool:
        naming = self.diagnosis.results.get("naming")
        return naming is not None and any(
            f.code == code and f.secret_set == self.prefix for f in naming.findings
        )


def _token_password(authorization_token: str) -> str:
    """The password part of `base64("AWS:<password>")` ('' when it does not decode)."""
    from tui.encoding import decode_base64_text

    decoded = decode_base64_text(authorization_token)
    if decoded is None:
        return ""
    user, _sep, password = decoded.partition(":")
    return password if user == "AWS" else ""


