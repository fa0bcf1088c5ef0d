"""Offline checks of one secret set's values: whitespace, quotes, server form, registry rules.

A password never appears in what these return: it is described by `Secret.masked()` and
whitespace by visible markers.
"""

from __future__ import annotations

import binascii
import re

from tui.aws.formats import (
    is_access_key_id,
    is_secret_access_key,
    parse_ecr_host,
    token_expiry,
)
from tui.catalogue import finding
from tui.encoding import decode_base64  # secrets.py imports it from here too
from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.model import Finding, Secret, SecretSet, Variable
from tui.redact import visible_whitespace, whitespace_outline
from tui.secretsets import fixes
from tui.secretsets.servers import DOCKERHUB_SERVER, parse_server

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

QUOTES = ("\"", "'", "`")
_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "github_pat_", "glpat-", "dckr_pat_")
_STRAY_WHITESPACE = LazyPattern(r"[\t\r\n]")


def clean(text: str) -> str:
    """The value without surrounding whitespace and one pair of surrounding quotes."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        value = value[1:-1].strip()
    return value


def looks_like_secret(value: str) -> bool:
    """A value that is a key or token wherever it sits (e.g. a secret key put in USER)."""
    text = clean(value)
    return bool(is_secret_access_key(text)) or text.startswith(_TOKEN_PREFIXES)


def describe(variable: Variable) -> str:
    """How a value may be shown: masked for secrets, with visible whitespace otherwise."""
    if isinstance(variable.value, Secret):
        return variable.value.masked()
    return f"`{visible_whitespace(variable.text)}`"


def _outline(variable: Variable) -> str:
    if isinstance(variable.value, Secret):
        return f"`{whitespace_outline(variable.text)}` ({variable.value.masked()})"
    return f"`{visible_whitespace(variable.text)}`"


def _variables(secret_set: SecretSet) -> list[tuple[str, Variable]]:
    pairs = (("SERVER", secret_set.server), ("USER", secret_set.user),
             ("PASSWORD", secret_set.password))
    return [(field, v) for field, v in pairs if v is not None and v.text.strip()]


def _is_gcr_key_user(secret_set: SecretSet) -> bool:
    return secret_set.user is not None and clean(secret_set.user.text) in (
        "_json_key", "_json_key_base64")


def whitespace_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """SECRET_VALUE_WHITESPACE for each value with stray whitespace."""
    found = []
    for field, variable in _variables(secret_set):
        text = variable.text
        if field == "PASSWORD" and _is_gcr_key_user(secret_set):
            text = text.strip("\r\n")  # JSON keys span lines; only spaces around matter less
            if text == text.strip():
                continue
        elif text == text.strip() and not _STRAY_WHITESPACE.search(text):
            continue
        fix = fixes.set_secret(variable.name, where, source=variable.source,
                               what=_("the value without the whitespace marked ␠ ⇥ ␍ ⏎"))
        if field == "PASSWORD" and _blank_at_an_end(variable.text):
            fix += " " + t("If the password really starts or ends with that whitespace (part of "
                           "it, not a stray character), do not strip it: whitespace at the ends "
                           "is easily lost or added whenever the value is pasted. Instead set a "
                           "new password (or access token) without whitespace at its ends at "
                           "the registry, and put that one in `{name}` the same way.",
                           name=variable.name)
        found.append(finding(
            "SECRET_VALUE_WHITESPACE",
            detail=t("`{name}` ({source}) has stray whitespace: {outline}. It becomes part of "
                     "the credential.", name=variable.name, source=variable.source,
                     outline=_outline(variable)),
            fix=fix,
            secret_set=secret_set.prefix,
        ))
    return found


def _blank_at_an_end(text: str) -> bool:
    """A space or tab first or last: may be a real part of a password, not only copy-paste."""
    return bool(text) and (text[0] in " \t" or text.rstrip("\r\n")[-1:] in (" ", "\t"))


def quote_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """SECRET_VALUE_QUOTED for each value wrapped in quotes."""
    found = []
    for _field, variable in _variables(secret_set):
        value = variable.text.strip()
        if len(value) < 2 or value[0] != value[-1] or value[0] not in QUOTES:
            continue
        mark = value[0]
        shown = (t("{mark}••••{mark} ({masked} inside the quotes)", mark=mark,
                   masked=Secret(value[1:-1]).masked())
                 if isinstance(variable.value, Secret) else f"`{visible_whitespace(value)}`")
        found.append(finding(
            "SECRET_VALUE_QUOTED",
            detail=t("`{name}` ({source}) is wrapped in {mark} quotes: {shown}. The quotes are "
                     "sent as part of the value.", name=variable.name, source=variable.source,
                     mark=mark, shown=shown),
            fix=fixes.set_secret(variable.name, where, source=variable.source,
                                 what=_("the value without the surrounding quotes")),
            secret_set=secret_set.prefix,
        ))
    return found


def server_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """SERVER_INVALID, SERVER_HAS_SCHEME/PATH, DOCKERHUB_SERVER_VALUE, ECR_SERVER_INVALID."""
    variable = secret_set.server
    if variable is None or not clean(variable.text):
        return []
    value = clean(variable.text)
    if value == DOCKERHUB_SERVER:
        return []
    name, prefix, source = variable.name, secret_set.prefix, variable.source
    shown = f"`{visible_whitespace(value)}`"
    parsed = parse_server(value)
    if not parsed.valid:
        return [finding(
            "SERVER_INVALID", detail=t("`{name}` is {shown}: {problem}.", name=name,
                                       shown=shown, problem=parsed.problem),
            fix=fixes.set_secret(name, where, source=source,
                                 what=_("the registry's host[:port], e.g. `myco.azurecr.io`")),
            secret_set=prefix,
        )]
    if parsed.kind == "dockerhub":
        return [finding(
            "DOCKERHUB_SERVER_VALUE",
            detail=t("`{name}` is {shown}. Docker looks up Docker Hub credentials only under "
                     "`{server}`, so these are never used and the pull is anonymous.",
                     name=name, shown=shown, server=DOCKERHUB_SERVER),
            fix=fixes.set_secret(name, where, source=source,
                                 what=t("exactly `{server}`", server=DOCKERHUB_SERVER)),
            secret_set=prefix,
        )]
    found = []
    bare = f"`{parsed.host}`"
    if parsed.scheme:
        found.append(finding(
            "SERVER_HAS_SCHEME",
            detail=t("`{name}` is {shown}: `{scheme}://` before the host.", name=name,
                     shown=shown, scheme=parsed.scheme),
            fix=fixes.set_secret(name, where, source=source, what=bare), secret_set=prefix,
        ))
    if parsed.path and parsed.path != "/":
        found.append(finding(
            "SERVER_HAS_PATH",
            detail=t("`{name}` is {shown}: `{path}` after the host. Credentials are matched by "
                     "host only.", name=name, shown=shown, path=visible_whitespace(parsed.path)),
            fix=fixes.set_secret(name, where, source=source, what=bare), secret_set=prefix,
        ))
    if parsed.kind == "ecr" and parse_ecr_host(parsed.host_lower) is None:
        found.append(finding(
            "ECR_SERVER_INVALID",
            detail=t("`{name}` is {shown}: it looks like ECR but `{host}` is not "
                     "`<12-digit account>.dkr.ecr[-fips].<region>.amazonaws.com`{hint}.",
                     name=name, shown=shown, host=parsed.host, hint=_ecr_hint(parsed.host_lower)),
            fix=fixes.set_secret(
                name, where, source=source,
                what=_("the registry URL from the ECR console (View push commands), e.g. "
                       "`123456789012.dkr.ecr.eu-west-1.amazonaws.com`")),
            secret_set=prefix,
        ))
    return found


def _ecr_hint(host: str) -> str:
    account = re.match(r"^(\d+)\.", host)
    if account is None:
        return " " + _("(it does not start with the account number)")
    if len(account[1]) != 12:
        return " " + t("(the account `{account}` has {digits} digits, not 12)",
                       account=account[1], digits=len(account[1]))
    if ".dkr." not in host and "dkr-" not in host:
        return " " + _("(`.dkr.` is missing after the account)")
    return ""


def dockerhub_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """DOCKERHUB_USER_IS_EMAIL."""
    user = secret_set.user
    if secret_set.kind != "dockerhub" or user is None or "@" not in clean(user.text):
        return []
    return [finding(
        "DOCKERHUB_USER_IS_EMAIL",
        detail=t("`{name}` is {value}: an e-mail address, not a Docker ID.", name=user.name,
                 value=describe(user)),
        fix=fixes.set_secret(user.name, where, source=user.source,
                             what=_("your Docker ID (user name); use a personal access token "
                                    "as the PASSWORD")),
        secret_set=secret_set.prefix,
    )]


def ghcr_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """GHCR_SECRETS_UNNEEDED and GHCR_FINE_GRAINED_TOKEN."""
    if secret_set.kind != "ghcr":
        return []
    found = [finding(
        "GHCR_SECRETS_UNNEEDED",
        detail=t("Set `{prefix}` names ghcr.io. Codespaces pulls GHCR images with its own token "
                 "when the package grants this repository access.", prefix=secret_set.prefix),
        fix=t("In the package's settings on GitHub, under Manage Codespaces access, add {repo}; "
              "the set can then be deleted (`{delete}` and the same for SERVER and USER), then "
              "run `registry-doctor check` again.", repo=where.repo,
              delete=fixes.gh_secret_delete(secret_set.prefix + '_CONTAINER_REGISTRY_PASSWORD')),
        secret_set=secret_set.prefix,
    )]
    password = secret_set.password
    if password is not None and clean(password.text).startswith("github_pat_"):
        found.append(finding(
            "GHCR_FINE_GRAINED_TOKEN",
            detail=t("`{name}` is a fine-grained token (starts with `github_pat_`, {masked}); "
                     "ghcr.io accepts classic tokens with `read:packages`.", name=password.name,
                     masked=Secret(password.text).masked()),
            fix=fixes.set_secret(password.name, where, source=password.source,
                                 what=_("a classic personal access token with `read:packages` "
                                        "(github.com → Settings → Developer settings → Tokens "
                                        "(classic))")),
            secret_set=secret_set.prefix,
        ))
    return found


def _when(moment: datetime, now: datetime) -> str:
    hours = abs((moment - now).total_seconds()) / 3600
    span = (t("{hours} h", hours=f"{hours:.1f}") if hours < 48
            else t("{days} days", days=f"{hours / 24:.0f}"))
    stamp = moment.strftime("%Y-%m-%d %H:%M UTC")
    return (t("{stamp}, {span} ago", stamp=stamp, span=span) if moment <= now
            else t("{stamp}, in {span}", stamp=stamp, span=span))


def ecr_findings(
    secret_set: SecretSet, where: fixes.Where, clock: Callable[[], datetime],
) -> list[Finding]:
    """ECR_CREDENTIALS_SWAPPED, ECR_TEMPORARY_KEY, ECR_TOKEN_*, ECR_KEY_FORMAT (`clock` is
    asked only for a token's expiry: a run without one needs no datetime)."""
    user, password = secret_set.user, secret_set.password
    if secret_set.kind != "ecr" or user is None or password is None:
        return []
    user_text, secret = clean(user.text), clean(password.text)
    if not user_text or not secret:
        return []
    prefix = secret_set.prefix
    masked = Secret(password.text).masked()
    found: list[Finding] = []
    if user_text != "AWS" and user_text.upper() == "AWS":
        found.append(finding(
            "ECR_KEY_FORMAT",
            detail=t("`{name}` is `{value}`: for a registry token it must be `AWS`, in upper "
                     "case.", name=user.name, value=user_text),
            fix=fixes.set_secret(user.name, where, source=user.source, what="`AWS`"),
            secret_set=prefix,
        ))
        user_text = "AWS"  # judge the token as Codespaces would once the case is fixed
    user_is_key = user_text == "AWS" or user_text.startswith(("AKIA", "ASIA"))
    if is_access_key_id(secret) and not user_is_key:
        return [*found, finding(
            "ECR_CREDENTIALS_SWAPPED",
            detail=t("`{password}` holds an access key id ({start}…, 20 chars) and `{user}` "
                     "holds something else ({masked}): the two look exchanged.",
                     password=password.name, start=secret[:4], user=user.name,
                     masked=Secret(user.text).masked()),
            fix=fixes.set_secrets(
                [user.name, password.name], where, source=user.source,
                what=_("the access key id (AKIA…) and the secret access key, in that order")),
            secret_set=prefix,
        )]
    if user_text == "AWS":
        expiry = token_expiry(secret)
        now = clock()
        if expiry is not None and expiry <= now:
            return [*found, finding(
                "ECR_TOKEN_EXPIRED",
                detail=t("`{user}` is `AWS` and the token in `{password}` ({masked}) expired at "
                         "{when}.", user=user.name, password=password.name, masked=masked,
                         when=_when(expiry, now)),
                fix=t("Prefer an IAM user's access key id (USER) and secret key (PASSWORD): "
                      "GitHub swaps them for a token at each start. Or set a fresh token "
                      "(`aws ecr get-login-password --region {region}` prints one, valid 12 h). "
                      "{set}", region=_region(secret_set),
                      set=fixes.set_secret(password.name, where, source=password.source,
                                           what=_("the new secret"))),
                secret_set=prefix,
            )]
        left = (t("it expires at {when}", when=_when(expiry, now)) if expiry is not None
                else _("its expiry could not be read (unknown)"))
        return [*found, finding(
            "ECR_TOKEN_SHORT_LIVED",
            detail=t("`{user}` is `AWS`, so `{password}` ({masked}) is a registry token: {left}. "
                     "The codespace breaks again after that.", user=user.name,
                     password=password.name, masked=masked, left=left),
            fix=t("Set `{user}` to an IAM user's access key id (AKIA…) and `{password}` to its "
                  "secret key. {set}", user=user.name, password=password.name,
                  set=fixes.set_secret(user.name, where, source=user.source,
                                       what=_("the access key id"))),
            secret_set=prefix,
        )]
    if user_text.startswith("ASIA"):
        return [*found, finding(
            "ECR_TEMPORARY_KEY",
            detail=t("`{name}` is a temporary key ({start}…, {length} chars): it needs a "
                     "session token, which no secret carries.", name=user.name,
                     start=user_text[:4], length=len(user_text)),
            fix=t("Create a long-lived access key for an IAM user with pull rights (`aws iam "
                  "create-access-key --user-name U`). {set}",
                  set=fixes.set_secrets([user.name, password.name], where, source=user.source,
                                        what=_("its access key id (AKIA…) and secret access "
                                               "key"))),
            secret_set=prefix,
        )]
    problems = []
    if not is_access_key_id(user_text):
        problems.append(
            t("`{name}` ({length} chars) is neither `AWS` nor a 20-character `AKIA` key id",
              name=user.name, length=len(user_text)))
    if not is_secret_access_key(secret):
        problems.append(t("`{name}` ({masked}) is not a 40-character secret access key",
                          name=password.name, masked=masked))
    if not problems:
        return found
    return [*found, finding(
        "ECR_KEY_FORMAT",
        detail="; ".join(problems) + ".",
        fix=t("Copy the access key id and secret access key again from the IAM console "
              "(Security credentials → Access keys). {set}",
              set=fixes.set_secret(user.name, where, source=user.source,
                                   what=_("the access key id"))),
        secret_set=prefix,
    )]


def _region(secret_set: SecretSet) -> str:
    registry = parse_ecr_host(secret_set.host or "")
    return registry.region if registry is not None else "REGION"


_KEY_FIELDS = ("type", "private_key", "client_email")


def _key_problem(raw: str) -> str | None:
    import json  # only a GCR key is JSON

    try:
        data = json.loads(raw)
    except ValueError:
        return _("it is not JSON")
    if not isinstance(data, dict):
        return _("it is JSON but not an object")
    missing = [k for k in _KEY_FIELDS if not isinstance(data.get(k), str) or not data.get(k)]
    if missing:
        return t("it lacks {keys}", keys=", ".join(f"`{k}`" for k in missing))
    if data["type"] != "service_account":
        return _("its `type` is not `service_account`")
    return None


def _from_base64(text: str) -> str | None:
    try:
        return decode_base64(text).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def gcr_findings(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    """GCR_JSON_KEY_INVALID for `_json_key` / `_json_key_base64` passwords."""
    user, password = secret_set.user, secret_set.password
    if user is None or password is None or not clean(password.text):
        return []
    mode = clean(user.text)
    if mode not in ("_json_key", "_json_key_base64"):
        return []
    text = password.text.strip()
    if mode == "_json_key":
        problem = _key_problem(text)
        decoded = _from_base64(text) if problem else None
        if problem and decoded is not None and _key_problem(decoded) is None:
            problem = _("it is the base64 of a key: use USER `_json_key_base64` for that")
    else:
        decoded = _from_base64(text)
        if decoded is None:
            problem = (_("it is raw JSON, not base64: use USER `_json_key` for that")
                       if _key_problem(text) is None else _("it is not base64"))
        else:
            inner = _key_problem(decoded)
            problem = t("it decodes, but {problem}", problem=inner) if inner else None
    if problem is None:
        return []
    return [finding(
        "GCR_JSON_KEY_INVALID",
        detail=t("`{user}` is `{mode}` but `{password}` ({masked}) is not a service-account "
                 "key: {problem}.", user=user.name, mode=mode, password=password.name,
                 masked=Secret(password.text).masked(), problem=problem),
        fix=t("Download the service-account key again (IAM → Service accounts → Keys → Add key "
              "→ JSON) and set it unchanged. {set}",
              set=fixes.set_secret(password.name, where, source=password.source,
                                   what=_("the key file's content (`... < key.json`)"))),
        secret_set=secret_set.prefix,
    )]


def check_set(
    secret_set: SecretSet, where: fixes.Where, clock: Callable[[], datetime],
) -> list[Finding]:
    """Every offline value check of one set."""
    return [
        *whitespace_findings(secret_set, where),
        *quote_findings(secret_set, where),
        *server_findings(secret_set, where),
        *dockerhub_findings(secret_set, where),
        *ghcr_findings(secret_set, where),
        *ecr_findings(secret_set, where, clock),
        *gcr_findings(secret_set, where),
    ]
