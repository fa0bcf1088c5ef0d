"""The staged probes: `probe_login` (what `docker login` checks) and `probe_pull` (what a
pull needs: repository-scoped token, manifest, platform, one layer).

Both return a `Ladder` (`tui.registry.probe.ladder`): every stage walked with its status and
seconds, the failure (a `ProbeFailure` with code and stage) and warnings
(DNS_PRIVATE_ADDRESS). They never raise for network faults and never take much longer than
twice `options.timeout`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from tui.i18n import _, ngettext, t
from tui.model import ImageRef, Secret
from tui.record import record
from tui.registry.probe import auth, classify, manifest
from tui.registry.probe.challenge import Challenge, pick
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Session
from tui.registry.probe.ladder import (
    REUSED_STAGES,
    Ladder,
    LoginOutcome,
    PullOutcome,
    Stage,
    StageCallback,
    Warm,
    api_host,
    is_hub,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.steps import StageState


@record
class Proof:
    """What a passing stage proved, one short phrase (set inside `with run.stage(...)`)."""

    note: str = ""


class _Run:
    """Shared mechanics of one probe: session, deadline, stage records."""

    def __init__(self, ladder: Ladder, options, on_stage: StageCallback | None,
                 session: Session | None = None) -> None:
        self.ladder = ladder
        self.on_stage = on_stage
        self.base = ""
        self.challenge: Challenge | None = None
        timeout = float(getattr(options, "timeout", 5.0) or 5.0)
        deadline = Deadline(timeout, total=2 * timeout)
        if session is not None:  # a login's: this probe's own bounds and listener from now
            session.deadline, session.listener, session.spent = deadline, self._from_session, 0.0
            self.session = session
            return
        self.session = Session(
            environ=getattr(options, "environ", {}) or {},
            deadline=deadline,
            insecure=tuple(getattr(options, "insecure_registries", ()) or ()),
            listener=self._from_session,
            loopback_only=bool(getattr(options, "loopback_only", False)),
        )

    def _from_session(self, stage: str, state: StageState, seconds: float, detail: str) -> None:
        self.record(stage, state, seconds, detail)

    def record(self, stage: str, state: StageState, seconds: float, detail: str = "") -> None:
        self.ladder.stages.append(Stage(stage, state, round(seconds, 3), detail))
        if self.on_stage is not None:
            with contextlib.suppress(Exception):
                self.on_stage(stage, state, detail, round(seconds, 3))

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[Proof]:
        """Run one stage: a ProbeFailure fails it; otherwise it passes with `proof.note`."""
        if self.on_stage is not None:
            with contextlib.suppress(Exception):
                self.on_stage(name, "running", "", None)
        started = time.monotonic()
        proof = Proof()
        try:
            yield proof
        except ProbeFailure as failure:
            self.record(name, "fail", time.monotonic() - started, failure.detail)
            raise
        self.record(name, "pass", time.monotonic() - started, proof.note)

    def open(self, host: str) -> str:
        if self.on_stage is not None:
            with contextlib.suppress(Exception):
                self.on_stage("dns", "running", "", None)
        base = self.session.open_registry(api_host(host))
        self.ladder.scheme = self.session.registry_scheme
        if self.session.private_warning:
            self.ladder.warnings.append(
                ProbeFailure("DNS_PRIVATE_ADDRESS", "dns", self.session.private_warning)
            )
        self.base = base
        return base

    def resume(self, warm: Warm) -> tuple[str, Challenge | None]:
        """Take up where a passing login stopped: its stages up to the challenge shown again
        (no time spent: the login's connection and answer), its warnings, its challenge."""
        for stage in warm.stages:
            self.record(stage.name, stage.status, 0.0,
                        t("{detail} (the login's connection, reused)", detail=stage.detail))
        self.ladder.scheme = self.session.registry_scheme
        self.ladder.warnings.extend(
            ProbeFailure(w.code, w.stage, w.detail, w.fix) for w in warm.warnings)
        self._note_challenge(warm.challenge)
        self.base, self.challenge = warm.base, warm.challenge
        return warm.base, warm.challenge

    def ping(self, base: str):
        with self.stage("challenge") as proof:
            response = self.session.request("GET", f"{base}/v2/", stage="challenge")
            challenges = classify.classify_ping(response, base)
            challenge = pick(challenges)
            proof.note = _challenge_note(challenge)
        self._note_challenge(challenge)
        self.challenge = challenge
        return challenge

    def _note_challenge(self, challenge: Challenge | None) -> None:
        self.ladder.facts["auth"] = challenge.scheme if challenge else "none"
        if challenge is not None and challenge.realm:
            self.ladder.facts["realm"] = challenge.realm

    def keep(self) -> Warm:
        """The session, left open, with what the login found (see `Warm`)."""
        stages = [s for s in self.ladder.stages if s.name in REUSED_STAGES]
        return Warm(self.session, api_host(self.ladder.host), self.base, self.challenge,
                    stages, list(self.ladder.warnings))


def _challenge_note(challenge) -> str:
    """`/v2/ asks for Bearer (token service auth.example.com)`, or that it asks nothing."""
    if challenge is None:
        return _("/v2/ answers without credentials")
    scheme = challenge.scheme.capitalize()
    if challenge.realm and challenge.scheme.lower() == "bearer":
        return t("/v2/ asks for {scheme} (token service {service})", scheme=scheme,
                 service=challenge.realm.split("://", 1)[-1].split("/", 1)[0])
    if challenge.realm:
        return t("/v2/ asks for {scheme} (realm {realm})", scheme=scheme, realm=challenge.realm)
    return t("/v2/ asks for {scheme}", scheme=scheme)


def _unexpected(ladder: Ladder, exc: Exception) -> ProbeFailure:
    stage = ladder.stages[-1].name if ladder.stages else "dns"
    return ProbeFailure(
        "INTERNAL_ERROR", stage,
        t("The probe of {host} stopped at {stage}: {error}", host=ladder.host, stage=stage,
          error=f"{type(exc).__name__}: {exc}"),
        fix=_("Check the server value; if it looks right, report this with "
              "`registry-doctor check --report FILE` (redacted)."),
    )


def _finish(ladder: Ladder, run: _Run, started: float, keep: bool = False) -> Ladder:
    if keep and ladder.ok:
        ladder.warm = run.keep()
    else:
        run.session.close()
    ladder.seconds = round(time.monotonic() - started, 3)
    return ladder


def probe_login(
    host: str, username: str | None, password: Secret | None, options,
    on_stage: StageCallback | None = None, *, keep: bool = False,
) -> LoginOutcome:
    """What `docker login host` checks: `/v2/` answers and accepts the credential.

    With `keep`, a passing login leaves its session open in `ladder.warm` for the pull of
    an image on that registry with the same credentials (`probe_pull(warm=…)`), which then
    walks neither DNS, TCP, TLS nor the challenge again; `release_warm` closes what no pull
    took.
    """
    started = time.monotonic()
    ladder = Ladder(subject=host, host=host, anonymous=username is None or password is None)
    run = _Run(ladder, options, on_stage)
    try:
        base = run.open(host)
        challenge = run.ping(base)
        if challenge is None:
            run.record("credentials", "pass", 0.0, _("the registry needs no credentials"))
            return _finish(ladder, run, started, keep)
        if challenge.scheme == "bearer":
            with run.stage("token") as proof:
                header = auth.authorization(run.session, challenge, username, password, None)
                proof.note = (_("the token service gave a token anonymously") if ladder.anonymous
                              else _("the token service gave a token with the set's USER and "
                                     "PASSWORD"))
        else:
            header = auth.authorization(run.session, challenge, username, password, None)
        with run.stage("credentials") as proof:
            headers = {"Authorization": header} if header else {}
            response = run.session.request("GET", f"{base}/v2/", headers, stage="credentials")
            classify.classify_login(response, base, challenge.scheme.capitalize())
            fields = {"scheme": challenge.scheme.capitalize(),
                      "protocol": run.session.registry_scheme.upper()}
            proof.note = (t("/v2/ accepts {scheme} anonymously over {protocol}", **fields)
                          if ladder.anonymous else
                          t("/v2/ accepts {scheme} with the set's USER and PASSWORD over "
                            "{protocol}", **fields))
    except ProbeFailure as failure:
        ladder.failure = failure
    except Exception as exc:  # bad input or a surprise: a finding, never a traceback
        ladder.failure = _unexpected(ladder, exc)
    return _finish(ladder, run, started, keep)


def probe_pull(
    image: ImageRef, username: str | None, password: Secret | None, options,
    on_stage: StageCallback | None = None, *, fetch_blob: bool = True,
    warm: Warm | None = None,
) -> PullOutcome:
    """What a pull of `image` needs, up to the first bytes of its smallest layer.

    `warm`: the session a passing login with these credentials kept (`take_warm`); the pull
    goes on from its challenge on the same connection (and closes it when done).
    """
    started = time.monotonic()
    anonymous = username is None or password is None
    ladder = Ladder(subject=image.ref, host=image.host, anonymous=anonymous)
    run = _Run(ladder, options, on_stage, warm.session if warm is not None else None)
    separator = "@" if image.reference.startswith("sha256:") else ":"
    name = f"{image.repository}{separator}{image.reference}"
    hub = is_hub(image.host)
    try:
        if warm is not None:
            base, challenge = run.resume(warm)
        else:
            base = run.open(image.host)
            challenge = run.ping(base)
        header = None
        if challenge is not None and challenge.scheme == "bearer":
            with run.stage("token") as proof:
                header = _scoped_token(run, challenge, username, password, image.repository)
                proof.note = (t("a pull token for {repository} (anonymous)",
                                repository=image.repository) if anonymous
                              else t("a pull token for {repository}",
                                     repository=image.repository))
        elif challenge is not None and not anonymous:
            header = auth.authorization(run.session, challenge, username, password, None)
        with run.stage("manifest") as proof:
            try:
                found = manifest.read_manifest(
                    run.session, base, image.repository, image.reference, header,
                    anonymous=anonymous, hub=hub,
                )
            except ProbeFailure as failure:
                if failure.code == "PULL_DENIED" and challenge is not None and (
                    challenge.scheme != "bearer" and header
                ):
                    _check_basic_login(run, base, header)  # wrong password, or no right?
                if failure.code == "IMAGE_NOT_FOUND" and not image.reference.startswith("sha256:"):
                    tags = manifest.close_tags(
                        run.session, base, image.repository, image.reference, header,
                    )
                    ladder.facts["close_tags"] = tags
                    if tags:
                        failure.detail = t("{detail}. Close tags: {tags}.",
                                           detail=failure.detail.rstrip("."),
                                           tags=", ".join(tags))
                raise
            _not_an_image(image, found.document, "manifest", index=found.is_index)
            proof.note = _manifest_note(found)
        ladder.facts["digest"] = found.digest
        document = found.document
        if found.is_index:
            wanted = manifest.wanted_platform(image.platform)
            with run.stage("platform") as proof:
                entry = manifest.choose_platform(found.document, wanted, name)
                proof.note = f"{wanted}: {_short(str(entry.get('digest', '')))}"
                ladder.facts["platform"] = wanted
                child = manifest.read_manifest(
                    run.session, base, image.repository, str(entry.get("digest", "")), header,
                    stage="platform", anonymous=anonymous, hub=hub,
                )
                document = child.document
                _not_an_image(image, document, "platform")
        layer = manifest.smallest_layer(document)
        if fetch_blob and layer is not None and layer.get("digest"):
            with run.stage("layer") as proof:
                ladder.facts["blob"] = manifest.fetch_blob_start(
                    run.session, base, image.repository, str(layer["digest"]), header,
                ).split("?", 1)[0]
                size = layer.get("size")
                count = len(document.get("layers", []) or [])
                digest = _short(str(layer["digest"]))
                proof.note = (
                    ngettext("smallest of {count} layer ({digest}, {size} bytes) starts "
                             "downloading", "smallest of {count} layers ({digest}, {size} bytes) "
                             "starts downloading", count).format(count=count, digest=digest,
                                                                 size=size)
                    if isinstance(size, int) else
                    ngettext("smallest of {count} layer ({digest}) starts downloading",
                             "smallest of {count} layers ({digest}) starts downloading",
                             count).format(count=count, digest=digest))
    except ProbeFailure as failure:
        if failure.code == "LOGIN_UNAUTHORIZED" and failure.stage == "token" and anonymous:
            failure.code = "PULL_DENIED"
        ladder.failure = failure
    except Exception as exc:  # bad input or a surprise: a finding, never a traceback
        ladder.failure = _unexpected(ladder, exc)
    return _finish(ladder, run, started)


def _not_an_image(image: ImageRef, document: dict, stage: str, *, index: bool = False) -> None:
    """IMAGE_NOT_AN_IMAGE when the manifest's media types name an artifact (a Feature,
    Template, Helm chart …); Feature references are expected to be Features."""
    if image.role == "feature":
        return
    from tui.registry.probe import artifacts

    found = (artifacts.classify_index if index else artifacts.classify_manifest)(document)
    if found is None:
        return
    raise ProbeFailure(
        "IMAGE_NOT_AN_IMAGE", stage,
        t("`{ref}` is {label}, not a container image: its manifest has {evidence}. Docker has "
          "nothing to run, so the codespace cannot start from it.", ref=image.ref,
          label=found.label, evidence=found.evidence),
        fix=artifacts.fix_for(found, image.ref, image.source),
    )


def _short(digest: str) -> str:
    """`sha256:0123456789ab…`: enough of a digest to recognise it."""
    algorithm, _, value = digest.partition(":")
    return f"{algorithm}:{value[:12]}…" if value else digest


def _manifest_note(found: manifest.Manifest) -> str:
    """`an image index (sha256:…)` / `an image manifest (sha256:…)`."""
    if found.is_index:
        return (t("an image index ({digest})", digest=_short(found.digest)) if found.digest
                else _("an image index"))
    return (t("an image manifest ({digest})", digest=_short(found.digest)) if found.digest
            else _("an image manifest"))


def _check_basic_login(run: _Run, base: str, header: str) -> None:
    """After a refused manifest: does `/v2/` accept the Basic credential at all?"""
    try:
        response = run.session.request("GET", f"{base}/v2/", {"Authorization": header},
                                       stage="credentials")
    except ProbeFailure:
        return
    try:
        classify.classify_login(response, base, "Basic")
    except ProbeFailure as failure:
        if failure.code == "LOGIN_UNAUTHORIZED":
            raise
        return


def _scoped_token(run: _Run, challenge, username, password, repository: str) -> str | None:
    """A pull token for `repository`; a refusal that an unscoped login passes is PULL_DENIED."""
    scope = f"repository:{repository}:pull"
    try:
        return auth.authorization(run.session, challenge, username, password, scope)
    except ProbeFailure as failure:
        if failure.code != "LOGIN_UNAUTHORIZED":
            raise
        try:
            auth.authorization(run.session, challenge, username, password, None)
        except ProbeFailure:
            raise failure from None
        raise ProbeFailure(
            "PULL_DENIED", "token",
            t("The credentials log in, but the token service refuses a pull token for "
              "{repository}: {detail}", repository=repository, detail=failure.detail),
        ) from None
