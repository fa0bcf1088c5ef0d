"""The daemon-less registry probe (stdlib only: _socket, ssl when TLS is spoken, and a small
HTTP/1.1 client).

Public API, for the login, pull and ECR steps:

- `probe_login(host, username, password: Secret | None, options, on_stage=None, *,
  keep=False) -> Ladder` (`LoginOutcome`): DNS → TCP → TLS → `/v2/` challenge → token →
  `/v2/` with the credential; with `keep`, a passing login leaves its session in
  `ladder.warm` for the pull (`take_warm` and `release_warm` in `.ladder`; the walks in `.walks`).
- `probe_pull(image: ImageRef, username, password, options, on_stage=None, *,
  fetch_blob=True, warm=None) -> Ladder` (`PullOutcome`): the same up to the challenge (or
  the login's, from `warm`), then a repository-scoped token, the manifest (HEAD then GET on
  Docker Hub), the platform of an index and the first bytes of the smallest layer.
- `Ladder`: `.stages` (name, status, seconds, detail), `.failure` (a `ProbeFailure` with
  `.code`, `.stage`, `.detail`), `.warnings`, `.ok`, `.facts`.
- `tui.registry.findings.finding_from(failure, Subject(...))` turns a failure into a Finding
  with a concrete fix.

Every network operation is bounded by `options.timeout`; a whole probe by twice that.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up

if TYPE_CHECKING:
    from tui.registry.probe.errors import ProbeFailure
    from tui.registry.probe.ladder import Ladder, LoginOutcome, PullOutcome, Stage, api_host
    from tui.registry.probe.walks import probe_login, probe_pull

__all__ = [
    "Ladder",
    "LoginOutcome",
    "ProbeFailure",
    "PullOutcome",
    "Stage",
    "api_host",
    "probe_login",
    "probe_pull",
]


def __getattr__(name: str) -> object:
    """The public names, loaded on first use: importing a light module of the probe (its
    artifacts, deadline or errors) does not pay for sockets and TLS."""
    if name == "ProbeFailure":
        from tui.registry.probe.errors import ProbeFailure

        return ProbeFailure
    if name in ("probe_login", "probe_pull"):
        from tui.registry.probe import walks

        return getattr(walks, name)
    if name in __all__:
        from tui.registry.probe import ladder

        return getattr(ladder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
