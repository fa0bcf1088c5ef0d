"""Snapshots of every wizard screen in its states, over fake diagnoses with fixed results."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tests.app_harness import FakeDiagnosis, scenario, settle, wait_for
from tui.app.app import WizardApp
from tui.app.state import WIZARD_STEPS
from tui.catalogue import CodeInfo
from tui.model import Severity

pytestmark = pytest.mark.usefixtures("app_env")

NORMAL = (100, 32)
NARROW = (80, 24)
WIDE = (120, 36)


def make_app(diagnosis: FakeDiagnosis, step: str, tmp_path) -> WizardApp:
    app = WizardApp(diagnosis, start_step=WIZARD_STEPS.index(step), theme="textual-dark",
                    export_path=tmp_path / "report.md")
    app.animation_level = "none"
    return app


async def snap_step(tmp_path, screen_snapshot, name: str, step: str, size) -> None:
    app = make_app(scenario(name, tmp_path), step, tmp_path)
    async with app.run_test(size=size, notifications=False) as pilot:
        await settle(app, pilot)
        screen_snapshot(app)


@pytest.mark.parametrize("step", WIZARD_STEPS)
@pytest.mark.parametrize("name", ["nothing", "passing", "failing"])
def test_step(tmp_path, screen_snapshot, name, step):
    """Every step with nothing found, all passing, and a failure of each kind."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, name, step, NORMAL))


@pytest.mark.parametrize("name", ["github-problems", "github-codespace-token"])
def test_github_states(tmp_path, screen_snapshot, name):
    """The GitHub step: secrets on GitHub, packages and what could not be asked."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, name, "github", WIDE))


@pytest.mark.parametrize("step", ["login", "pull", "ecr", "summary"])
def test_offline(tmp_path, screen_snapshot, step):
    """Offline: the network steps say they were skipped and why."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, "offline", step, NORMAL))


@pytest.mark.parametrize("step", ["context", "summary"])
def test_recovery(tmp_path, screen_snapshot, step):
    """In recovery with every check passing: never an all-clear."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, "recovery", step, NORMAL))


@pytest.mark.parametrize("step", ["context", "secrets", "login", "summary"])
def test_narrow(tmp_path, screen_snapshot, step):
    """An 80×24 terminal."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, "failing", step, NARROW))


@pytest.mark.parametrize("step", ["secrets", "naming", "pull", "summary"])
def test_wide(tmp_path, screen_snapshot, step):
    """A 120×36 terminal."""
    asyncio.run(snap_step(tmp_path, screen_snapshot, "failing", step, WIDE))


@pytest.mark.parametrize("step", ["login", "pull"])
def test_running(tmp_path, screen_snapshot, step):
    """A step still running: the ladder so far, then the finished picture once released."""

    async def scenario_run() -> None:
        release = threading.Event()
        diagnosis = scenario("failing", tmp_path)
        diagnosis.hold[step] = release
        app = make_app(diagnosis, step, tmp_path)
        async with app.run_test(size=NORMAL, notifications=False) as pilot:
            try:
                await wait_for(diagnosis.entered[step])
                await pilot.pause()
                await pilot.pause()
                screen_snapshot(app)
            finally:
                release.set()
            await settle(app, pilot)
            assert app.state.pending == set()

    asyncio.run(scenario_run())


def test_summary_while_running(tmp_path, screen_snapshot):

    async def scenario_run() -> None:
        release = threading.Event()
        diagnosis = scenario("failing", tmp_path)
        diagnosis.hold["pull"] = release
        app = make_app(diagnosis, "summary", tmp_path)
        async with app.run_test(size=NORMAL, notifications=False) as pilot:
            try:
                await wait_for(diagnosis.entered["pull"])
                await pilot.pause()
                await pilot.pause()
                screen_snapshot(app)
            finally:
                release.set()
            await settle(app, pilot)

    asyncio.run(scenario_run())


def test_slow_note(tmp_path, screen_snapshot):
    """Near the step's bound the screen says it is taking longer than expected."""

    async def scenario_run() -> None:
        release = threading.Event()
        diagnosis = scenario("failing", tmp_path, timeout=0.2)
        diagnosis.hold["login"] = release
        app = make_app(diagnosis, "login", tmp_path)
        async with app.run_test(size=NORMAL, notifications=False) as pilot:
            try:
                await wait_for(diagnosis.entered["login"])
                await pilot.pause(0.7)
                screen_snapshot(app)
            finally:
                release.set()
            await settle(app, pilot)

    asyncio.run(scenario_run())


@pytest.mark.parametrize("key", ["question_mark", "x"])
def test_dialogs(tmp_path, screen_snapshot, monkeypatch, key):
    """Help, and the catalogue's explanation of a finding (a frozen entry: see app_harness)."""
    monkeypatch.setattr("tui.app.screens.explain.info", lambda code: CodeInfo(
        code, Severity.ERROR, "naming", "A secret value has stray whitespace",
        "Spaces, tabs, CR or LF around a value become part of the credential.",
        "Set the value again without the whitespace."))

    async def scenario_run() -> None:
        app = make_app(scenario("failing", tmp_path), "naming", tmp_path)
        async with app.run_test(size=NORMAL, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press(key)
            await pilot.pause()
            screen_snapshot(app)

    asyncio.run(scenario_run())


def test_repair_dialog(tmp_path, screen_snapshot, monkeypatch):
    """`f` on a finding with a repair: what `fix` would change, one typed value asked for."""
    from tui.github.levels import Level
    from tui.repairs.model import CODESPACE_SCOPE, Op, Repair

    user = Level("user")
    name = "ACR_CONTAINER_REGISTRY_PASSWORD"
    repair = Repair(
        "SECRET_VALUE_WHITESPACE", "set-typed-secrets", (name,),
        f"ask for {name} (typed, not shown), test it at myco.azurecr.io, and store it as a "
        "user secret for acme/app only",
        (f"GET {user.public_key}", f"PUT {user.secret(name)}"), CODESPACE_SCOPE,
        (f"DELETE {user.secret(name)}",), (Op("put", name, user, field="PASSWORD"),),
        typed=(name,), host="myco.azurecr.io")
    monkeypatch.setattr("tui.repairs.plan.repairs_for", lambda finding, diagnosis: [repair])

    async def scenario_run() -> None:
        app = make_app(scenario("failing", tmp_path), "naming", tmp_path)
        async with app.run_test(size=NORMAL, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press("f")
            await pilot.pause()
            screen_snapshot(app)

    asyncio.run(scenario_run())
