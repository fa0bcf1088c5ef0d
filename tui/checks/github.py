"""The GitHub step: what GitHub itself holds (secrets, grants, packages, who may read them).

First what the step needs before it can ask anything: the API's base URL (`GITHUB_API_URL`),
the repository (`--repo`, else `GITHUB_REPOSITORY`) and a token (`GH_TOKEN`, else
`GITHUB_TOKEN`, else `gh auth token`, bounded by `--timeout`). The token is a `Secret`: it
is never shown and never put on a command line. `--no-github` skips the step (and
`--offline`, like every network step, in `Diagnosis.run_step`); no token skips it with
GITHUB_TOKEN_UNAVAILABLE, which says how to give one. Then the questions
(`tui.github.questions`, through the client of `tui.github.api`) and the
verdicts over their answers (`tui.github.verdicts`); the facts go to the Handoff for
the screen and the Pull step.
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.i18n import _, t
from tui.model import Finding, Secret
from tui.options import Options
from tui.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.github.facts import GithubFacts
    from tui.github.verdicts import Here

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES: tuple[str, ...] = ("GH_TOKEN", "GITHUB_TOKEN")
"""Where a token is looked for first, in this order (the SPEC's, and gh's own)."""
GH_SOURCE = "gh auth token"


@record(frozen=True)
class TokenSearch:
    """Where a token came from, or why none was found (no value in any text)."""

    token: Secret | None
    source: str
    """`GH_TOKEN`, `GITHUB_TOKEN` or `gh auth token`; empty when there is no token."""
    tried: tuple[str, ...]
    """What was looked at and what it gave, one phrase each (for the finding's detail)."""


@record(frozen=True)
class GithubAccess:
    """What the GitHub step hands on: where to ask, about which repository, with what."""

    api_url: str
    repository: str | None
    repository_source: str
    """`--repo`, `GITHUB_REPOSITORY`, or empty when neither names one."""
    token: Secret | None
    token_source: str
    tried: tuple[str, ...] = ()


def api_url(options: Options) -> str:
    """The API's base URL: GITHUB_API_URL (an `http://` URL as given), else api.github.com."""
    value = (options.environ.get("GITHUB_API_URL") or "").strip().rstrip("/")
    return value or DEFAULT_API_URL


def repository(options: Options) -> tuple[str | None, str]:
    """The codespace's repository and where it was named (`--repo` wins)."""
    if options.repo:
        return options.repo, "--repo"
    value = (options.environ.get("GITHUB_REPOSITORY") or "").strip()
    return (value, "GITHUB_REPOSITORY") if value else (None, "")


def find_token(options: Options) -> TokenSearch:
    """GH_TOKEN, else GITHUB_TOKEN, else `gh auth token` (when gh is on the PATH)."""
    tried: list[str] = []
    for name in TOKEN_VARIABLES:
        value = (options.environ.get(name) or "").strip()
        if value:
            return TokenSearch(Secret(value), name, (*tried, t("{name} is set", name=name)))
        tried.append(t("{name} is not set", name=name) if name not in options.environ
                     else t("{name} is empty", name=name))
    token, phrase = gh_auth_token(options)
    tried.append(phrase)
    return TokenSearch(token, GH_SOURCE if token else "", tuple(tried))


def gh_auth_token(options: Options) -> tuple[Secret | None, str]:
    """The token gh holds, read from its standard output within `--timeout`.

    gh is looked up on the diagnosis's PATH. Its environment is the diagnosis's without
    the (empty) token variables and without prompts; nothing secret is on its command line.
    """
    import shutil  # only when no variable holds a token
    import subprocess

    environ = dict(options.environ)
    gh = shutil.which("gh", path=environ.get("PATH", ""))
    if gh is None:
        return None, _("gh is not installed")
    for name in TOKEN_VARIABLES:
        environ.pop(name, None)
    environ["GH_PROMPT_DISABLED"] = "1"
    try:
        done = subprocess.run(
            [gh, "auth", "token"], capture_output=True, text=True, env=environ,
            stdin=subprocess.DEVNULL, timeout=options.timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return None, t("`gh auth token` did not answer within {bound} s",
                       bound=f"{options.timeout:g}")
    except OSError as exc:
        return None, t("`gh auth token` could not run ({error})",
                       error=exc.strerror or type(exc).__name__)
    value = done.stdout.strip()
    if done.returncode != 0 or not value or len(value.split()) != 1:
        return None, _("`gh auth token` gave no token (gh is not logged in)")
    return Secret(value), _("`gh auth token` gave a token")


def access(diagnosis: Diagnosis) -> GithubAccess:
    """Base URL, repository and token for this diagnosis; the token joins the redactor."""
    options = diagnosis.options
    repo, repo_source = repository(options)
    search = find_token(options)
    if search.token is not None:
        diagnosis.redactor.add(search.token)
    return GithubAccess(api_url(options), repo, repo_source, search.token, search.source,
                        search.tried)


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Find the token, ask GitHub what it can, and join the answers with what reached here."""
    options = diagnosis.options
    if options.loopback_only and not (options.may_contact(_host(api_url(options)))
                                      and any(options.environ.get(n) for n in TOKEN_VARIABLES)):
        raise StepSkipped(_("demo: GitHub is not asked (nor `gh` for a token)"))
    if diagnosis.options.no_github:
        raise StepSkipped(_("--no-github: GitHub's API is not asked"))
    found = access(diagnosis)
    diagnosis.handoff.github = found
    if found.token is None:
        raise StepSkipped(_("no GitHub token (GH_TOKEN, GITHUB_TOKEN or `gh auth token`)"),
                          [_no_token(found)])
    if found.repository is None:
        raise StepSkipped(_("no repository: set GITHUB_REPOSITORY or pass --repo OWNER/REPO"))
    from tui.github.verdicts import verdicts  # the client and its questions: only with
    # a token, so a run without one loads no HTTP or TLS code here

    facts = ask(diagnosis, found)
    diagnosis.handoff.github_facts = facts
    return verdicts(facts, here(diagnosis), found.token_source)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def is_codespace_token(options: Options, source: str) -> bool:
    """Whether the token is the codespace's own GITHUB_TOKEN (scoped to its repository)."""
    return source == "GITHUB_TOKEN" and options.environ.get("CODESPACES") == "true"


def ask(diagnosis: Diagnosis, found: GithubAccess) -> GithubFacts:
    """Ask every question the token can, within the step's bound."""
    from tui.github.api import GithubClient
    from tui.github.questions import Asker

    assert found.token is not None and found.repository is not None
    options = diagnosis.options
    client = GithubClient.open(found.api_url, found.token, options)
    name = (options.environ.get("CODESPACE_NAME") or "").strip() or None
    asker = Asker(client, found.repository, name, list(diagnosis.context.images),
                  is_codespace_token(options, found.token_source))
    return asker.run()


def here(diagnosis: Diagnosis) -> Here:
    """The names that reached this codespace: the environment or the `--env-file` standing
    in for it (`REACHED_SOURCES`, as in the Secrets step), and what GitHub stored in
    .env-secrets (delivered, if not loaded: SECRETS_NOT_LOADED says so)."""
    from tui.github.verdicts import Here
    from tui.model import REACHED_SOURCES

    sources = (*REACHED_SOURCES, "codespaces-env-secrets")
    delivered = frozenset(v.name.upper() for v in diagnosis.variables if v.source in sources)
    environ = diagnosis.options.environ
    inside = diagnosis.context.codespace or environ.get("CODESPACES") == "true"
    name = diagnosis.context.codespace_name or environ.get("CODESPACE_NAME") or None
    return Here(in_codespace=inside, names=delivered, codespace_name=name)


def _no_token(found: GithubAccess) -> Finding:
    return finding(
        "GITHUB_TOKEN_UNAVAILABLE",
        t("No token: {tried}. Without one, what GitHub holds (secrets, their grants, the "
          "package's access) is not checked.", tried=_("; ").join(found.tried)),
    )
