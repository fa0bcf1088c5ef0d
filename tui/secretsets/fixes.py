"""The fix texts of the secrets and naming steps: filled-in `gh` commands, never a value.

Every fix says what to change, where, and how to check it worked.
"""

from __future__ import annotations

from dataclasses import dataclass

OWNER_REPO = "OWNER/REPO"
"""Stands in for the repository when it is not known."""

VERIFY = "then run `registry-doctor check` again"

FIELD_WHAT = {
    "SERVER": "the registry's host[:port] (for Docker Hub exactly `https://index.docker.io/v1/`)",
    "USER": "the registry user name",
    "PASSWORD": "the registry password or token",
}
"""What each variable of a set holds, for fix texts."""


@dataclass(frozen=True)
class Where:
    """Where the user's secrets live: the repository, the codespace, an env file in use."""

    repository: str | None = None
    codespace_name: str | None = None
    env_file: str | None = None

    @property
    def repo(self) -> str:
        return self.repository or OWNER_REPO


def where_of(diagnosis) -> Where:
    """The repository and codespace name from the context, else from the variables."""
    context = diagnosis.context
    values = {v.name: v.text for v in diagnosis.variables if not v.source.startswith("codespaces")}
    env_file = diagnosis.options.env_file
    return Where(
        repository=context.repository or values.get("GITHUB_REPOSITORY") or None,
        codespace_name=context.codespace_name or values.get("CODESPACE_NAME") or None,
        env_file=str(env_file) if env_file is not None else None,
    )


def gh_secret_set_user(name: str, where: Where) -> str:
    """User secret for Codespaces, assigned to the repository (value read from stdin)."""
    return f"gh secret set {name} --user --repos {where.repo}"


def gh_secret_set_repo(name: str) -> str:
    """Repository secret for Codespaces (run in the repository's checkout)."""
    return f"gh secret set {name} --app codespaces"


def gh_secret_delete(name: str) -> str:
    """Delete a user secret."""
    return f"gh secret delete {name} --user"


def gh_secret_list() -> str:
    """List the user's secret names (names only)."""
    return "gh secret list --user"


def restart(where: Where) -> str:
    """How to restart the codespace so that it loads its secrets."""
    if where.codespace_name:
        return (f"stop and start the codespace (`gh codespace stop -c {where.codespace_name}`, "
                "then open it again)")
    return "stop and start the codespace (`gh codespace stop -c NAME`, then open it again)"


def set_secret(
    name: str, where: Where, *, what: str = "the value", source: str | None = None
) -> str:
    """How to (re)create one secret, with both gh commands and the way to check it."""
    return set_secrets([name], where, what=what, source=source)


def set_secrets(
    names: list[str], where: Where, *, what: str = "the value", source: str | None = None
) -> str:
    """How to (re)create some secrets of one set: in the env file they came from, or with
    both gh commands for each, then one restart and the way to check it."""
    listed = " and ".join(f"`{name}`" for name in names)
    if source == "env-file" and where.env_file:
        return f"In `{where.env_file}`, set {listed} to {what}, {VERIFY}."
    user = " and ".join(f"`{gh_secret_set_user(name, where)}`" for name in names)
    repo = " and ".join(f"`{gh_secret_set_repo(name)}`" for name in names)
    each = "each value" if len(names) > 1 else "the value"
    return (
        f"Set {listed} to {what}: {user} (user secret{'s' if len(names) > 1 else ''} for "
        f"Codespaces; paste {each} at the prompt, it is not echoed) or {repo} (repository "
        f"secret{'s' if len(names) > 1 else ''}). Then {restart(where)} and "
        f"{VERIFY.removeprefix('then ')}."
    )


def create_set(prefix: str, server: str, where: Where) -> str:
    """How to create a whole set for one registry."""
    names = [f"{prefix}_CONTAINER_REGISTRY_{field}" for field in ("SERVER", "USER", "PASSWORD")]
    user = "; ".join(f"`{gh_secret_set_user(name, where)}`" for name in names)
    repo = "; ".join(f"`{gh_secret_set_repo(name)}`" for name in names)
    return (
        f"Create three secrets: {user} (user secrets for Codespaces; or, as repository "
        f"secrets, {repo}). Values, pasted at each prompt: SERVER `{server}`, USER the "
        f"registry user, PASSWORD its password or token. Then {restart(where)} and "
        f"{VERIFY.removeprefix('then ')}."
    )


def rename_secret(old: str, new: str, where: Where, *, source: str | None = None) -> str:
    """How to move a secret to the right name and remove the old one."""
    return rename_secrets([(old, new)], where, source=source)


def rename_secrets(
    pairs: list[tuple[str, str]], where: Where, *, source: str | None = None
) -> str:
    """How to move secrets to the right names (old, new) and remove the old ones, then
    restart once and check."""
    if source == "env-file" and where.env_file:
        moves = ", ".join(f"`{old}` to `{new}`" for old, new in pairs)
        return f"In `{where.env_file}`, rename {moves}, {VERIFY}."
    steps = "; ".join(
        f"create `{new}` with the value of `{old}`: `{gh_secret_set_user(new, where)}` (or "
        f"`{gh_secret_set_repo(new)}` for a repository secret), then `{gh_secret_delete(old)}`"
        for old, new in pairs
    )
    return (
        f"{steps[0].upper()}{steps[1:]}. Check the names with `{gh_secret_list()}`, then "
        f"{restart(where)} and {VERIFY.removeprefix('then ')}."
    )


def reload_secrets(where: Where) -> str:
    """How to get secrets added while the codespace ran into its environment."""
    return (
        f"{restart(where)[0].upper()}{restart(where)[1:]}: a codespace loads its secrets only "
        "when it starts, and the image is pulled at start, so a new terminal is not enough. "
        f"If the secret is a user or organization secret, check that it is assigned to "
        f"{where.repo} (`{gh_secret_list()}` shows the names and their repositories); "
        f"{VERIFY}."
    )
