"""The fix texts of the secrets and naming steps: filled-in `gh` commands, never a value.

Every fix says what to change, where, and how to check it worked.
"""

from __future__ import annotations

from tui.i18n import N_, _, ngettext, t
from tui.record import record

OWNER_REPO = "OWNER/REPO"
"""Stands in for the repository when it is not known."""

FIELD_WHAT = {
    "SERVER": N_("the registry's host[:port] (for Docker Hub exactly "
                 "`https://index.docker.io/v1/`)"),
    "USER": N_("the registry user name"),
    "PASSWORD": N_("the registry password or token"),
}
"""What each variable of a set holds, for fix texts (message ids: translated where used)."""


@record(frozen=True)
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


def stop_command(where: Where) -> str:
    """The command that stops the codespace (`NAME` when its name is not known)."""
    return f"gh codespace stop -c {where.codespace_name or 'NAME'}"


def restart(where: Where) -> str:
    """How to restart the codespace so that it loads its secrets (a clause, lower case)."""
    return t("stop and start the codespace (`{stop}`, then open it again)",
             stop=stop_command(where))


def joined(items: list[str]) -> str:
    """`a` and `b` and `c`, with the current language's word for and."""
    return _(" and ").join(items)


def set_secret(
    name: str, where: Where, *, what: str = N_("the value"), source: str | None = None
) -> str:
    """How to (re)create one secret, with both gh commands and the way to check it."""
    return set_secrets([name], where, what=what, source=source)


def set_secrets(
    names: list[str], where: Where, *, what: str = N_("the value"), source: str | None = None
) -> str:
    """How to (re)create some secrets of one set: in the env file they came from, or with
    both gh commands for each, then one restart and the way to check it. `what` is a message
    id or text already in the current language."""
    listed = joined([f"`{name}`" for name in names])
    what = _(what)
    if source == "env-file" and where.env_file:
        return t("In `{env_file}`, set {listed} to {what}, then run `registry-doctor check` "
                 "again.", env_file=where.env_file, listed=listed, what=what)
    user = joined([f"`{gh_secret_set_user(name, where)}`" for name in names])
    repo = joined([f"`{gh_secret_set_repo(name)}`" for name in names])
    return ngettext(
        "Set {listed} to {what}: {user} (user secret for Codespaces; paste the value at the "
        "prompt, it is not echoed) or {repo} (repository secret). Then stop and start the "
        "codespace (`{stop}`, then open it again) and run `registry-doctor check` again.",
        "Set {listed} to {what}: {user} (user secrets for Codespaces; paste each value at the "
        "prompt, it is not echoed) or {repo} (repository secrets). Then stop and start the "
        "codespace (`{stop}`, then open it again) and run `registry-doctor check` again.",
        len(names),
    ).format(listed=listed, what=what, user=user, repo=repo, stop=stop_command(where))


def create_set(prefix: str, server: str, where: Where) -> str:
    """How to create a whole set for one registry."""
    names = [f"{prefix}_CONTAINER_REGISTRY_{field}" for field in ("SERVER", "USER", "PASSWORD")]
    user = "; ".join(f"`{gh_secret_set_user(name, where)}`" for name in names)
    repo = "; ".join(f"`{gh_secret_set_repo(name)}`" for name in names)
    return t(
        "Create three secrets: {user} (user secrets for Codespaces; or, as repository secrets, "
        "{repo}). Values, pasted at each prompt: SERVER `{server}`, USER the registry user, "
        "PASSWORD its password or token. Then stop and start the codespace (`{stop}`, then "
        "open it again) and run `registry-doctor check` again.",
        user=user, repo=repo, server=server, stop=stop_command(where),
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
        moves = ", ".join(t("`{old}` to `{new}`", old=old, new=new) for old, new in pairs)
        return t("In `{env_file}`, rename {moves}, then run `registry-doctor check` again.",
                 env_file=where.env_file, moves=moves)
    steps = "; ".join(
        t("create `{new}` with the value of `{old}`: `{set_user}` (or `{set_repo}` for a "
          "repository secret), then `{delete}`", new=new, old=old,
          set_user=gh_secret_set_user(new, where), set_repo=gh_secret_set_repo(new),
          delete=gh_secret_delete(old))
        for old, new in pairs
    )
    return t("{steps}. Check the names with `{list}`, then stop and start the codespace "
             "(`{stop}`, then open it again) and run `registry-doctor check` again.",
             steps=f"{steps[0].upper()}{steps[1:]}", list=gh_secret_list(),
             stop=stop_command(where))


def reload_secrets(where: Where) -> str:
    """How to get secrets added while the codespace ran into its environment."""
    return t(
        "Stop and start the codespace (`{stop}`, then open it again): a codespace loads its "
        "secrets only when it starts, and the image is pulled at start, so a new terminal is "
        "not enough. If the secret is a user or organization secret, check that it is assigned "
        "to {repo} (`{list}` shows the names and their repositories); then run "
        "`registry-doctor check` again.",
        stop=stop_command(where), repo=where.repo, list=gh_secret_list(),
    )
