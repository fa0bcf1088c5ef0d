"""The wizard driven by key presses (Textual's pilot) over fake and real diagnoses."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

from tests.app_harness import CANARY, FakeDiagnosis, scenario, screen_text, settle, wait_for
from tui.app.app import WizardApp
from tui.app.commands import wizard_commands
from tui.app.screens.explain import ExplainScreen
from tui.app.screens.help import HelpScreen
from tui.app.state import WizardState
from tui.app.widgets.finding_card import FindingCard
from tui.catalogue import info
from tui.checks.diagnosis import Diagnosis, Progress
from tui.demo import DEMO_DIR, demo_session
from tui.model import StepResult
from tui.options import Options
from tui.steps import STEP_IDS, WIZARD_STEPS, number

pytestmark = pytest.mark.usefixtures("app_env")

SIZE = (100, 32)


def make_app(diagnosis, tmp_path, start: str = "context") -> WizardApp:
    app = WizardApp(diagnosis, start_step=WIZARD_STEPS.index(start), theme="textual-dark",
                    export_path=tmp_path / "report.md")
    app.animation_level = "none"
    return app


def step_of(app: WizardApp) -> str:
    return getattr(app.screen, "step", type(app.screen).__name__)


def drive(coro) -> None:
    asyncio.run(coro)


def test_next_and_back_by_every_key(tmp_path):
    async def go() -> None:
        app = make_app(scenario("failing", tmp_path), tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            seen = [step_of(app)]
            keys = ("n", "right") * len(WIZARD_STEPS)
            for key in keys[: len(WIZARD_STEPS)]:
                await pilot.press(key)
                await settle(app, pilot)
                seen.append(step_of(app))
            assert seen == [*WIZARD_STEPS, "summary"]
            back = []
            for key in ("b", "left") * (len(WIZARD_STEPS) // 2):
                await pilot.press(key)
                await settle(app, pilot)
                back.append(step_of(app))
            assert back == [*reversed(WIZARD_STEPS[:-1]), "context"]

    drive(go())


def test_jump_to_each_step_by_number(tmp_path):
    async def go() -> None:
        app = make_app(scenario("passing", tmp_path), tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            for number in (8, 3, 1, 7, 2, 6, 4, 5):
                await pilot.press(str(number))
                await settle(app, pilot)
                assert step_of(app) == WIZARD_STEPS[number - 1]
                assert f"Step {number} of {len(WIZARD_STEPS)}" in screen_text(app)

    drive(go())


def test_jumping_ahead_runs_the_earlier_steps_once_in_order(tmp_path):
    async def go() -> None:
        diagnosis = scenario("passing", tmp_path)
        app = make_app(diagnosis, tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await pilot.press(str(number("pull")))
            await settle(app, pilot)
            await pilot.press(str(number("ecr")))
            await settle(app, pilot)
            assert diagnosis.runs == list(STEP_IDS)

    drive(go())


def test_rerun_runs_only_the_current_step_again(tmp_path):
    async def go() -> None:
        diagnosis = scenario("failing", tmp_path)
        app = make_app(diagnosis, tmp_path, start="naming")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            assert diagnosis.runs == ["context", "secrets", "naming"]
            await pilot.press("r")
            await settle(app, pilot)
            assert diagnosis.runs == ["context", "secrets", "naming", "naming"]
            assert "SECRET_VALUE_WHITESPACE" in screen_text(app)

    drive(go())


def test_export_writes_the_redacted_report(tmp_path):
    async def go() -> None:
        app = make_app(scenario("failing", tmp_path), tmp_path, start="summary")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("e")
            await pilot.pause()
        report = (tmp_path / "report.md").read_text(encoding="utf-8")
        for code in ("SECRET_VALUE_WHITESPACE", "TLS_UNTRUSTED", "ECR_PERMISSION_MISSING"):
            assert code in report
        assert CANARY not in report
        assert "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" not in report

    drive(go())


def test_export_to_an_unwritable_place_is_a_message_not_a_crash(tmp_path):
    async def go() -> None:
        app = make_app(scenario("nothing", tmp_path), tmp_path)
        app.export_path = tmp_path / "missing-dir" / "report.md"
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("e")
            await pilot.pause()
            assert any("Could not write" in n.message for n in app._notifications)
            assert app.is_running

    drive(go())


def test_help_opens_closes_and_holds_navigation(tmp_path):
    async def go() -> None:
        app = make_app(scenario("passing", tmp_path), tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert "re-run this step" in screen_text(app)
            await pilot.press("n")
            await pilot.pause()
            assert app.step_index == 0
            await pilot.press("escape")
            await pilot.pause()
            assert step_of(app) == "context"

    drive(go())


def test_a_finding_explains_its_code_on_enter(tmp_path):
    async def go() -> None:
        app = make_app(scenario("failing", tmp_path), tmp_path, start="login")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("tab")
            assert isinstance(app.focused, FindingCard)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ExplainScreen)
            assert app.screen.code == "TLS_UNTRUSTED"
            text = " ".join(screen_text(app).split())
            assert " ".join(info("TLS_UNTRUSTED").meaning.split())[:40] in text
            await pilot.press("escape")
            await pilot.pause()
            assert step_of(app) == "login"

    drive(go())


def test_quit_exits_cleanly(tmp_path):
    async def go() -> WizardApp:
        app = make_app(scenario("nothing", tmp_path), tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("q")
            await pilot.pause()
        return app

    app = asyncio.run(go())
    assert app.return_code == 0


def test_keys_answer_while_a_step_is_still_running(tmp_path):
    async def go() -> None:
        release = threading.Event()
        diagnosis = scenario("failing", tmp_path)
        diagnosis.hold["login"] = release
        app = make_app(diagnosis, tmp_path, start="login")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            try:
                await wait_for(diagnosis.entered["login"])
                await pilot.press("1")
                await pilot.pause()
                assert step_of(app) == "context"
                await pilot.press("question_mark")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                assert "login" in app.state.pending and "login" not in diagnosis.results
            finally:
                release.set()
            await settle(app, pilot)
            assert app.state.pending == set()
            assert diagnosis.results["login"].status == "fail"

    drive(go())


def test_a_crashing_step_shows_internal_error(tmp_path):
    class Crashing(FakeDiagnosis):
        def run_step(self, step: str) -> StepResult:
            if step == "secrets":
                raise RuntimeError("boom")
            return super().run_step(step)

    async def go() -> None:
        base = scenario("nothing", tmp_path)
        diagnosis = Crashing(base.options, base.fixed_results, context=base.fixed_context)
        app = make_app(diagnosis, tmp_path, start="secrets")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            assert "INTERNAL_ERROR" in screen_text(app)

    drive(go())


def test_the_palette_offers_every_action(tmp_path):
    app = WizardApp(scenario("nothing", tmp_path))
    actions = {action.split("(")[0] for _, _, action in wizard_commands()}
    assert actions == {"next", "back", "rerun", "export", "copy_report", "help", "quit_wizard",
                       "jump", "explain", "repair"}
    for action in actions:
        assert callable(getattr(app, f"action_{action}"))

    async def go() -> None:
        app = make_app(scenario("passing", tmp_path), tmp_path)
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*f"step {number('summary')}")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(app, pilot)
            assert step_of(app) == "summary"

    drive(go())


def test_offline_shows_network_steps_skipped_with_the_reason(tmp_path):
    async def go() -> None:
        with demo_session(Options(offline=True)) as options:
            app = make_app(Diagnosis(options), tmp_path)
            await walk_offline(app)

    async def walk_offline(app) -> None:
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            for number in ("4", "5", "6"):
                await pilot.press(number)
                await settle(app, pilot)
                assert "Skipped: offline: no network, daemon or cloud call" in screen_text(app)

    drive(go())


def test_the_demo_never_shows_its_secrets(tmp_path):
    """Every step of the real diagnosis over the demo files, on screen and exported."""
    demo_secrets = [line.split("=", 1)[1].strip('"').replace("\\n", "")
                    for line in (DEMO_DIR / "demo.env").read_text().splitlines()
                    if "_PASSWORD=" in line]

    async def go() -> None:
        with demo_session(Options()) as options:
            app = make_app(Diagnosis(options), tmp_path)
            await walk(app)

    async def walk(app) -> None:
        async with app.run_test(size=(120, 40), notifications=False) as pilot:
            for key in ["n"] * 7:
                await settle(app, pilot)
                text = screen_text(app)
                assert all(secret not in text for secret in demo_secrets)
                await pilot.press(key)
            await pilot.press("e")
            await pilot.pause()
            assert "INTERNAL_ERROR" not in [f.code for f in app.diagnosis.findings]
        report = (tmp_path / "report.md").read_text(encoding="utf-8")
        assert all(secret not in report for secret in demo_secrets)

    drive(go())


def test_importing_the_wizard_loads_no_heavy_client():
    code = ("import sys, tui.app, tui.app.app; "
            "print(','.join(m for m in ('docker', 'boto3', 'dotenv') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == ""


def test_copy_puts_the_redacted_report_on_the_clipboard(tmp_path):
    async def go() -> None:
        app = make_app(scenario("failing", tmp_path), tmp_path, start="summary")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("c")
            await pilot.pause()
            assert "TLS_UNTRUSTED" in app.clipboard
            assert CANARY not in app.clipboard

    drive(go())


def test_demo_files_hold_the_typical_faults():
    from dotenv import dotenv_values

    from tui.aws.formats import token_expiry

    with demo_session(Options(offline=True)) as options:
        assert options.no_daemon and options.loopback_only
        assert options.workspace.joinpath(".devcontainer", "devcontainer.json").is_file()
        assert (options.codespaces_dir / "shared" / ".env-secrets").is_file()
        values = dotenv_values(options.env_file)
        compose = options.workspace.joinpath(".devcontainer", "compose.yml").read_text()
    assert "ACR_CONTAINER_REGISTRY_USERNAME" in values
    assert "ACR_CONTAINER_REGISTRY_USER" not in values
    assert values["ACR_CONTAINER_REGISTRY_PASSWORD"].endswith("\n")
    assert values["ECR_CONTAINER_REGISTRY_USER"] == "AWS"
    expiry = token_expiry(values["ECR_CONTAINER_REGISTRY_PASSWORD"])
    assert expiry is not None and expiry < options.now()
    assert "registry.gitlab.com/" in compose and "@BASIC@" not in compose
    servers = {v for k, v in values.items() if k.endswith("_SERVER")}
    assert not any("gitlab" in server for server in servers)


def test_the_demo_reads_its_env_file_as_python_dotenv_does():
    import io

    from dotenv import dotenv_values

    from tui.demo import OFFLINE_HOSTS, demo_secrets, fill, plain_assignments

    live = {"@BASIC@": "127.0.0.1:40001", "@TOKEN@": "127.0.0.1:40002",
            "@SILENT@": "127.0.0.1:40003"}
    for hosts in (OFFLINE_HOSTS, live):
        text = fill((DEMO_DIR / "demo.env").read_text(encoding="utf-8"), hosts)
        assert plain_assignments(text) is not None  # the demo's own file needs no dotenv
        assert demo_secrets(text) == dotenv_values(stream=io.StringIO(text))
    for text in ('X="a b"\n', "export X=1\n", "X='q'\n", "X=a # note\n", 'X="\\t"\n',
                 "X=$HOME\n", "  # indented\nY=1\n", "X=\n", 'X="a\\nb"\n'):
        expected = {k: v for k, v in dotenv_values(stream=io.StringIO(text)).items()
                    if v is not None}
        assert demo_secrets(text) == expected, text


def test_quitting_while_a_step_runs_leaves_the_queued_steps_unrun(tmp_path):
    release = threading.Event()
    diagnosis = scenario("failing", tmp_path)
    diagnosis.hold["secrets"] = release

    async def go() -> None:
        app = make_app(diagnosis, tmp_path, start="summary")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await wait_for(diagnosis.entered["secrets"])
            await pilot.press("q")
            await pilot.pause()
            release.set()

    asyncio.run(go())
    assert diagnosis.runs == ["context", "secrets"]


def test_the_exported_report_is_redacted_and_complete(tmp_path):
    from tui.app.export import render_report

    diagnosis = scenario("failing", tmp_path)
    diagnosis.run_all()
    report = render_report(diagnosis)
    for code in ("CREATION_LOG_ERROR", "SECRET_VALUE_WHITESPACE", "AWS_ACCOUNT_MISMATCH"):
        assert code in report
    assert CANARY not in report


def test_ecr_screen_builds_the_policy_when_the_step_gave_none(tmp_path):
    async def go() -> None:
        diagnosis = scenario("failing", tmp_path)
        diagnosis.handoff.ecr = {}
        app = make_app(diagnosis, tmp_path, start="ecr")
        async with app.run_test(size=(120, 60), notifications=False) as pilot:
            await settle(app, pilot)
            text = screen_text(app)
            assert "Least-privilege policy" in text
            assert "arn:aws:ecr:eu-west-1:123456789012:repository/tools" in text
            assert "ecr:GetAuthorizationToken" in text

    drive(go())


# --- the ladders: live from progress, then the probe's own ladder from the result -------------

def _states(ladder) -> list[tuple[str, str]]:
    return [(stage, ladder.state(stage)) for stage in ladder.stages]


def _proven(step: str, updates: list[Progress], findings: list | None = None) -> Diagnosis:
    """A real Diagnosis whose finished `step` carries the ladders `updates` reported."""
    diagnosis = Diagnosis(Options())
    diagnosis.begin_ladders(step)
    for update in updates:
        diagnosis.report(update.step, update.subject, update.stage, update.state, update.detail)
    findings = findings or []
    status = StepResult.status_of(findings) if findings else "pass"
    diagnosis.results[step] = StepResult(step, status, 0.1, findings,
                                         ladders=diagnosis.take_ladders(step))
    return diagnosis


def _both(step: str, updates: list[Progress], subjects: list[str]):
    """The ladder drawn live (while running) and the one drawn from the finished result."""
    running = WizardState()
    running.pending.add(step)
    for update in updates:
        running.record(update)
    live = running.ladders(step, _proven(step, updates), subjects)
    done = WizardState().ladders(step, _proven(step, updates), subjects)
    return live, done


def test_a_bearer_login_shows_its_token_stage_in_place():
    stages = ("dns", "tcp", "tls", "challenge", "token", "credentials")
    updates = [Progress("login", "ACR", stage, "pass") for stage in stages]
    (live,), (done,) = _both("login", updates, ["ACR"])
    assert _states(live) == _states(done) == [(s, "pass") for s in stages]


def test_the_pull_ladder_shows_connection_stages_only_when_they_fail():
    updates = [Progress("pull", "img", "dns", "pass"), Progress("pull", "img", "tcp", "pass"),
               Progress("pull", "img", "tls", "fail", "TLS_EXPIRED")]
    _, (done,) = _both("pull", updates, ["img"])
    assert _states(done) == [("tls", "fail"), ("token", "pending"), ("manifest", "pending"),
                             ("platform", "pending"), ("layer", "pending")]
    assert done.details["tls"] == "TLS_EXPIRED"


def test_a_subject_skipped_as_a_whole_says_why():
    updates = [Progress("pull", "img", "pull", "skip", "login failed: LOGIN_UNAUTHORIZED")]
    (live,), (done,) = _both("pull", updates, ["img"])
    for ladder in (live, done):
        assert {s for _, s in _states(ladder)} == {"skip"}
        assert ladder.note == "login failed: LOGIN_UNAUTHORIZED"


def test_findings_draw_no_stages_only_the_probe_does():
    from tests.app_harness import finding

    failed = finding("TLS_UNTRUSTED", "untrusted", secret_set="ACR", stage="tls")
    diagnosis = _proven("login", [Progress("login", "ACR", "dns", "pass"),
                                  Progress("login", "ACR", "tcp", "pass"),
                                  Progress("login", "ACR", "tls", "fail", "untrusted")],
                        [failed])
    ladder, quiet = WizardState().ladders("login", diagnosis, ["ACR", "GCR"])
    assert _states(ladder) == [("dns", "pass"), ("tcp", "pass"), ("tls", "fail"),
                               ("challenge", "pending"), ("credentials", "pending")]
    assert {s for _, s in _states(quiet)} == {"skip"}
    assert quiet.note == "no stage was reported for this one"


def test_a_later_verdict_does_not_add_a_second_failure():
    updates = [Progress("login", "ACR", "dns", "pass"),
               Progress("login", "ACR", "tcp", "fail", "refused"),
               Progress("login", "ACR", "login", "fail")]
    (live,), (done,) = _both("login", updates, ["ACR"])
    assert _states(done) == [("dns", "pass"), ("tcp", "fail"), ("tls", "pending"),
                             ("challenge", "pending"), ("credentials", "pending")]
    assert _states(live)[:2] == [("dns", "pass"), ("tcp", "fail")]


def test_the_result_carries_the_ladder_in_the_order_of_the_sets(tmp_path):
    diagnosis = scenario("failing", tmp_path)
    diagnosis.run_all()
    (ladder, *_) = diagnosis.results["login"].ladders
    assert ladder.subject == "ACR"
    assert [(r.stage, r.status) for r in ladder.rungs] == [
        ("dns", "pass"), ("tcp", "pass"), ("tls", "fail")]
    assert ladder.failed_stage == "tls"


def test_a_live_login_ladder_against_a_closed_loopback_port(tmp_path, options_for):
    """The real login step, online: the ladder stops at TCP, the password never shows."""
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    password = "CANARY-live-pw-5c0e7d2b"
    options = options_for(
        env={"LOCAL_CONTAINER_REGISTRY_SERVER": f"127.0.0.1:{port}",
             "LOCAL_CONTAINER_REGISTRY_USER": "puller",
             "LOCAL_CONTAINER_REGISTRY_PASSWORD": password},
        workspace_files={".devcontainer/devcontainer.json":
                         f'{{"image": "127.0.0.1:{port}/team/app:1"}}'},
        offline=False, timeout=2.0,
    )

    async def go() -> None:
        app = make_app(Diagnosis(options), tmp_path, start="login")
        async with app.run_test(size=(110, 36), notifications=False) as pilot:
            await settle(app, pilot)
            text = screen_text(app)
            assert "TCP ✗" in text and "CONNECT_REFUSED" in text
            assert "credentials ✗" not in text
            await pilot.press("5")
            await settle(app, pilot)
            text += screen_text(app)
            assert password not in text

    drive(go())


def test_a_broken_worker_leaves_no_step_running(tmp_path):
    async def go() -> None:
        app = make_app(scenario("nothing", tmp_path), tmp_path)

        def broken(steps, force):
            raise RuntimeError("a bug in the wizard itself")

        app._run_steps = broken
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.state.pending == set()
            assert any("stopped unexpectedly" in n.message for n in app._notifications)
            assert "Not run yet" in screen_text(app)

    drive(go())


def test_a_daemon_pull_happens_only_when_asked(tmp_path):
    async def go() -> None:
        diagnosis = scenario("passing", tmp_path)
        diagnosis.fixed_context.docker_daemon = "available"
        diagnosis.options.no_daemon = False
        app = make_app(diagnosis, tmp_path, start="pull")
        async with app.run_test(size=SIZE, notifications=False) as pilot:
            await settle(app, pilot)
            assert diagnosis.options.daemon_pull is False
            assert "Press d to also pull through the Docker daemon" in screen_text(app)
            await pilot.press("d")
            await settle(app, pilot)
            assert diagnosis.options.daemon_pull is True
            assert diagnosis.runs.count("pull") == 2

    drive(go())


def test_no_daemon_pull_without_a_daemon(tmp_path):
    async def go() -> None:
        diagnosis = scenario("passing", tmp_path)
        app = make_app(diagnosis, tmp_path, start="pull")
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("d")
            await settle(app, pilot)
            assert diagnosis.options.daemon_pull is False
            assert diagnosis.runs.count("pull") == 1

    drive(go())


def test_a_ladder_shows_why_it_stopped_or_its_deepest_proof():
    from tui.app.widgets.ladder import ladder_text

    passed = [Progress("login", "ACR", "tcp", "pass", "host:443 accepts connections"),
              Progress("login", "ACR", "tls", "pass", "TLSv1.3, certificate valid for host"),
              Progress("login", "ACR", "credentials", "pass", "/v2/ accepts Basic over HTTPS")]
    _, (done,) = _both("login", passed, ["ACR"])
    text = ladder_text(done).plain
    assert "credentials: /v2/ accepts Basic over HTTPS" in text
    assert "accepts connections" not in text and "TLSv1.3" not in text
    failed = [*passed[:2], Progress("login", "ACR", "credentials", "fail", "HTTP 401")]
    _, (done,) = _both("login", failed, ["ACR"])
    text = ladder_text(done).plain
    assert "credentials: HTTP 401" in text and "TLSv1.3" not in text


def test_the_github_screen_over_the_stand_in_and_a_rerun_after_the_fix(tmp_path, github_api):
    """The real GitHub step against the loopback API: the table shows the grant, `r` asks
    again after the secret was granted, the token never shows."""
    from tests.helpers import make_options
    from tests.lab.github_scenarios import REPO, TOKEN, acr, world

    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    options = make_options(tmp_path, {
        "GITHUB_API_URL": github_api.url, "GH_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO,
        "CODESPACE_NAME": github_api.world.codespace, "CODESPACES": "true",
        "PATH": str(tmp_path / "no-gh")}, offline=False, timeout=2.0)

    async def go() -> None:
        app = make_app(Diagnosis(options), tmp_path, start="github")
        async with app.run_test(size=(130, 48), notifications=False) as pilot:
            await settle(app, pilot)
            text = screen_text(app)
            assert "Secrets on GitHub" in text and "SECRET_NOT_GRANTED" in text
            assert "ACR_CONTAINER_REGISTRY_PASSWORD" in text and " no " in text
            for secret in github_api.world.user_secrets:
                secret.repos = (REPO, "acme/other")
            await pilot.press("r")
            await settle(app, pilot)
            again = screen_text(app)
            assert "SECRET_NOT_GRANTED" not in again and "SECRET_ONLY_ON_GITHUB" in again
            assert TOKEN not in text + again

    drive(go())


def test_the_start_step_is_the_only_screen_and_its_keys_scroll_it(tmp_path):
    """No blank screen under the first step (it is the app's default screen, and navigation
    switches away from it); with nothing focused, ↓ End Home scroll the step, Tab reaches the
    first finding."""
    async def go() -> None:
        app = make_app(scenario("failing", tmp_path), tmp_path, start="summary")
        async with app.run_test(size=(80, 24), notifications=False) as pilot:
            await settle(app, pilot)
            assert [step_of(app)] == [getattr(s, "step", None) for s in app.screen_stack]
            screen = app.screen
            assert app.focused is None and screen.max_scroll_y > 0
            await pilot.press("down")
            await pilot.pause()
            assert screen.scroll_y == 1
            await pilot.press("end")
            await pilot.pause()
            assert screen.scroll_y == screen.max_scroll_y
            await pilot.press("home")
            await pilot.pause()
            assert screen.scroll_y == 0
            await pilot.press("tab")
            await pilot.pause()
            assert isinstance(app.focused, FindingCard)
            await pilot.press("b")
            await settle(app, pilot)
            assert step_of(app) == WIZARD_STEPS[-2] and len(app.screen_stack) == 1

    drive(go())


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
def test_themed_muted_text_is_the_colour_textual_draws_for_it(theme):
    """The lead's intro is a Rich span in `$text-muted` (`auto 60%`, which Rich cannot read):
    `themed` gives the solid colour Textual draws for `color: $text-muted` on the screen."""
    from textual.app import App
    from textual.widgets import Static

    from tui.app.widgets.symbols import INTRO_STYLE, themed

    class Muted(App):
        CSS = "Static { color: $text-muted; }"

        def compose(self):
            yield Static("muted")

    async def go() -> None:
        app = Muted()
        async with app.run_test() as pilot:
            app.theme = theme
            await pilot.pause()
            drawn = app.query_one(Static).rich_style.color
            assert drawn is not None and drawn.triplet is not None
            assert themed(INTRO_STYLE).lower() == drawn.triplet.hex.lower()

    drive(go())
