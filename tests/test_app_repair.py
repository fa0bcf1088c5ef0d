"""`f` in the wizard: the repair dialog over the real GitHub step and the loopback API; the
same content as `fix`, a yes, the write, the step again, and no value or token on screen."""

from __future__ import annotations

import json

from tests.app_harness import screen_text, settle
from tests.helpers import make_options
from tests.lab.github_api import Secret
from tests.lab.github_scenarios import REPO, TOKEN, acr, reached_acr, world
from tests.test_app_pilot import drive, make_app
from tui.app.screens.repair import RepairScreen
from tui.checks.diagnosis import Diagnosis


def options_for(tmp_path, api, env=None):
    return make_options(tmp_path, {
        "GITHUB_API_URL": api.url, "GH_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO,
        "CODESPACE_NAME": api.world.codespace, "CODESPACES": "true",
        "XDG_STATE_HOME": str(tmp_path / "state"), "PATH": str(tmp_path / "no-gh"),
        **(env or {})}, offline=False, timeout=2.0)


async def until(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds * 20)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


def test_f_grants_an_ungranted_secret_and_the_step_turns_green(tmp_path, github_api):
    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    options = options_for(tmp_path, github_api)

    async def go() -> None:
        app = make_app(Diagnosis(options), tmp_path, start="github")
        async with app.run_test(size=(130, 48), notifications=False) as pilot:
            await settle(app, pilot)
            assert "SECRET_NOT_GRANTED" in screen_text(app)
            await pilot.press("f")
            await until(pilot, lambda: isinstance(app.screen, RepairScreen))
            shown = screen_text(app)
            assert "grant acme/app the user secrets" in shown
            assert "PUT /user/codespaces/secrets/ACR_CONTAINER_REGISTRY_USER/repositories/" \
                in shown
            await pilot.press("enter")
            await until(pilot, lambda: all(REPO in s.repos
                                           for s in github_api.world.user_secrets))
            await until(pilot, lambda: "SECRET_NOT_GRANTED" not in screen_text(app))
            await settle(app, pilot)
            assert "SECRET_ONLY_ON_GITHUB" in screen_text(app)  # stop and start: it is there
            assert TOKEN not in shown + screen_text(app)

    drive(go())
    lines = (tmp_path / "state" / "registry-doctor" / "repairs.jsonl").read_text().splitlines()
    assert [json.loads(line)["result"] for line in lines] == ["applied"]


def test_f_on_a_misspelled_name_asks_twice_and_escape_leaves_the_old_one(tmp_path, github_api):
    secrets = [Secret("ACR_CONTAINER_REGISTRY_SERVER", repos=(REPO,)),
               Secret("ACR_CONTAINER_REGISTRY_USERNAME", repos=(REPO,)),
               Secret("ACR_CONTAINER_REGISTRY_PASSWORD", repos=(REPO,))]
    env = {k: v for k, v in reached_acr().items() if not k.endswith("_USER")}
    env["ACR_CONTAINER_REGISTRY_USERNAME"] = "acr-user"
    github_api.reset(world(user_secrets=secrets))
    options = options_for(tmp_path, github_api, env)

    async def go() -> None:
        app = make_app(Diagnosis(options), tmp_path, start="naming")
        async with app.run_test(size=(130, 48), notifications=False) as pilot:
            await settle(app, pilot)
            app.ensure_run(3, force=True)  # the GitHub step, whose answers the repair needs
            await until(pilot, lambda: "github" in app.diagnosis.results)
            await settle(app, pilot)
            cards = [c for c in app.screen.query("FindingCard")
                     if c.finding.code == "SECRET_NAME_MISSPELLED"]
            cards[0].focus()
            await pilot.press("f")
            await until(pilot, lambda: isinstance(app.screen, RepairScreen))
            assert "store the value of ACR_CONTAINER_REGISTRY_USERNAME" in screen_text(app)
            await pilot.press("y")
            await until(pilot, lambda: any(s.name == "ACR_CONTAINER_REGISTRY_USER"
                                           for s in github_api.world.user_secrets))
            await until(pilot, lambda: isinstance(app.screen, RepairScreen))
            assert "delete the misspelled user secret" in screen_text(app)
            await pilot.press("escape")
            await settle(app, pilot)

    drive(go())
    names = {s.name: s for s in github_api.world.user_secrets}
    assert names["ACR_CONTAINER_REGISTRY_USER"].value == b"acr-user"
    assert "ACR_CONTAINER_REGISTRY_USERNAME" in names  # Escape: not deleted


def test_f_on_a_hand_over_says_so(tmp_path, github_api):
    github_api.reset(world(visibility="public", org_secrets=acr(visibility="private")))
    options = options_for(tmp_path, github_api)

    async def go() -> None:
        app = make_app(Diagnosis(options), tmp_path, start="github")
        async with app.run_test(size=(130, 48)) as pilot:
            await settle(app, pilot)
            await pilot.press("f")
            await pilot.pause(0.2)
            assert not isinstance(app.screen, RepairScreen)
            assert any("cannot make this fix itself" in str(n.message)
                       for n in app._notifications)

    drive(go())
