"""AWS_KEY_INVALID's texts: which key AWS does not take, why, and the `gh secret set` commands
that replace it (in the current language)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tui.aws.formats import key_kind, short_key
from tui.i18n import _, t

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.aws.calls import CallResult


def gh_set(prefix: str, repo: str, names: Iterable[str]) -> str:
    """`gh secret set` commands for the set's variables (user secret, or repository)."""
    commands = _(" and ").join(
        f"`gh secret set {prefix}_CONTAINER_REGISTRY_{name} --user --repos {repo}`"
        for name in names
    )
    return t("{commands} (the value is read from standard input; `--app codespaces` instead "
             "for a repository secret), then stop and start the codespace", commands=commands)


def key_invalid(user: str, prefix: str, outcome: CallResult,
                commands: Callable[..., str]) -> tuple[str, str]:
    """(detail, fix) of AWS_KEY_INVALID for the key id `user` of set `prefix`."""
    name = f"{prefix}_CONTAINER_REGISTRY"
    if key_kind(user) == "temporary":
        detail = t("The key {key} is a temporary (ASIA…) key: it needs a session token, "
                   "which the three secrets cannot carry, so the swap fails ({code}).",
                   key=short_key(user), code=outcome.code)
        fix = t("Create a long-lived access key (AKIA…) for an IAM user with pull rights "
                "(IAM → Users → the user → Security credentials → Create access key) and "
                "set it: {commands}.", commands=commands("USER", "PASSWORD"))
    elif outcome.kind == "bad-secret":
        detail = t("AWS knows the key {key} but the secret key in {name} does not match it "
                   "({code}).", key=short_key(user), name=f"{name}_PASSWORD", code=outcome.code)
        fix = t("Copy the secret key of this access key again (or create a new key pair) "
                "and set it: {commands}.", commands=commands("PASSWORD"))
    else:
        detail = t("AWS does not know the key id {key} in {name} ({code}): it was deleted, "
                   "deactivated or mistyped.", key=short_key(user), name=f"{name}_USER",
                   code=outcome.code)
        fix = t("Create an access key (IAM → Users → the user → Security credentials → "
                "Create access key) and set both: {commands}.",
                commands=commands("USER", "PASSWORD"))
    return detail, fix
