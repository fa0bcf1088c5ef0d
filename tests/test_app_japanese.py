"""The wizard in Japanese: a snapshot of every step (passing, failing, running) at 80 and 120
columns, and no English fallback: every text the wizard itself shows is Japanese.

The fakes' details are test data (English, as a check written before its translation would
give them); the completeness test tells them apart from the wizard's own words.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time

import pytest

from tests.app_harness import FakeDiagnosis, scenario, screen_text, settle, wait_for
from tui import i18n
from tui.app.app import WizardApp
from tui.app.state import WIZARD_STEPS, WIZARD_TITLES
from tui.i18n.width import cells
from tui.model import Secret
from tui.record import fields, is_record

pytestmark = pytest.mark.usefixtures("app_env", "japanese")

NARROW = (80, 24)
WIDE = (120, 36)
SIZES = {"80": NARROW, "120": WIDE}


@pytest.fixture
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def make_app(diagnosis: FakeDiagnosis, step: str, tmp_path) -> WizardApp:
    app = WizardApp(diagnosis, start_step=WIZARD_STEPS.index(step), theme="textual-dark",
                    export_path=tmp_path / "report.md")
    app.animation_level = "none"
    return app


# --- snapshots ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("step", WIZARD_STEPS)
@pytest.mark.parametrize("name", ["passing", "failing"])
def test_step_in_japanese(tmp_path, screen_snapshot, name, step, width):
    """Every step, all passing and with a failure of each kind, at 80 and 120 columns; nothing
    cut (see `assert_nothing_cut`)."""

    async def run() -> None:
        app = make_app(scenario(name, tmp_path), step, tmp_path)
        async with app.run_test(size=SIZES[width], notifications=False) as pilot:
            await settle(app, pilot)
            screen_snapshot(app)
            assert_nothing_cut(app, step)

    asyncio.run(run())


def assert_nothing_cut(app: WizardApp, step: str) -> None:
    """Double-width titles and labels: the indicator and the key bar wrap rather than cut
    (every step title and every key's label is on screen); no line is wider than the screen."""
    from tui.app.screens import screen_class

    text = screen_text(app)
    assert max(cells(line) for line in text.splitlines()) <= app.size.width
    flat = " ".join(text.split())
    for number, each in enumerate(WIZARD_STEPS, 1):
        assert f"{number} {i18n._(WIZARD_TITLES[each])}" in flat, each
    for binding in [*screen_class(step).BINDINGS, *WizardApp.BINDINGS]:
        if getattr(binding, "show", False):
            assert i18n._(binding.description) in flat, binding.description


@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("step", WIZARD_STEPS)
def test_step_running_in_japanese(tmp_path, screen_snapshot, step, width):
    """Every step while it runs (the Summary while the Pull step runs)."""
    held = "pull" if step == "summary" else step

    async def run() -> None:
        release = threading.Event()
        diagnosis = scenario("failing", tmp_path)
        diagnosis.hold[held] = release
        app = make_app(diagnosis, step, tmp_path)
        async with app.run_test(size=SIZES[width], notifications=False) as pilot:
            try:
                await wait_for(diagnosis.entered[held])
                deadline = time.monotonic() + 10  # the app has seen the step start (a busy
                while app.state.running != held and time.monotonic() < deadline:  # machine)
                    await pilot.pause(0.01)
                app.refresh_screen()  # what the held step set before it waits (GitHub's access)
                for _ in range(3):
                    await pilot.pause()
                screen_snapshot(app)
            finally:
                release.set()
            await settle(app, pilot)

    asyncio.run(run())


def sample_repair():
    """A repair asking for one typed value (its summary and requests are test data)."""
    from tui.github.levels import Level
    from tui.repairs.model import CODESPACE_SCOPE, Op, Repair

    user, name = Level("user"), "ACR_CONTAINER_REGISTRY_PASSWORD"
    return Repair("SECRET_VALUE_WHITESPACE", "set-typed-secrets", (name,),
                  f"ask for {name} and store it", (f"PUT {user.secret(name)}",),
                  CODESPACE_SCOPE, (f"DELETE {user.secret(name)}",),
                  (Op("put", name, user, field="PASSWORD"),), typed=(name,),
                  host="myco.azurecr.io")


@pytest.mark.parametrize("key", ["question_mark", "x", "f"])
def test_dialog_in_japanese(tmp_path, screen_snapshot, monkeypatch, key):
    """Help, a finding's explanation and the repair dialog at 80 columns."""
    repair = sample_repair()
    monkeypatch.setattr("tui.repairs.plan.repairs_for", lambda finding, diagnosis: [repair])

    async def run() -> None:
        app = make_app(scenario("failing", tmp_path), "naming", tmp_path)
        async with app.run_test(size=NARROW, notifications=False) as pilot:
            await settle(app, pilot)
            await pilot.press(key)
            await pilot.pause()
            screen_snapshot(app)
            assert english_on_screen(app, repair) == []

    asyncio.run(run())


# --- no English fallback -----------------------------------------------------------------------

SEPARATORS = re.compile(r"\s{2,}|[│┃█▀▄▌▐━─┏┓┗┛┡┩╇╈╭╮╰╯›→⏎]")
WORD = re.compile(r"[A-Za-z]?[a-z]{2,}")


def ascii_prose(text: str) -> bool:
    """All ASCII and three words or more: English prose (paths, codes and values such as
    `.devcontainer/devcontainer.json` or `ACR_CONTAINER_REGISTRY_USER` are not words)."""
    words = [w for w in (token.strip("()[]{},;:.!?\"'") for token in text.split())
             if WORD.fullmatch(w)]
    return text.isascii() and len(words) >= 3


def data_strings(*roots: object) -> str:
    """Every string held by `roots` (findings, facts, ladders, repairs: the checks' data and
    the fakes' fixed texts), one a line, so that a piece of one is found as a substring."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif isinstance(value, Secret):
            found.append(value.masked())
        elif id(value) in seen:
            return
        elif isinstance(value, dict):
            seen.add(id(value))
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            seen.add(id(value))
            for item in value:
                walk(item)
        elif is_record(value) and not isinstance(value, type):
            seen.add(id(value))
            for name in fields(value):
                walk(getattr(value, name))

    for root in roots:
        walk(root)
    return "\n".join(found)


def english_on_screen(app: WizardApp, *extra: object) -> list[str]:
    """Pieces of the screen that are English prose and not the checks' (or fakes') data."""
    diagnosis = app.diagnosis
    roots: list[object] = [diagnosis.results, diagnosis.context, diagnosis.secret_sets,
                           diagnosis.handoff.github, diagnosis.handoff.github_facts,
                           diagnosis.handoff.ecr, *extra]
    for screen in app.screen_stack:
        if hasattr(screen, "explanations"):
            roots.append(screen.explanations())
    if diagnosis.context.recovery:  # the report's verdict, which the Summary quotes
        from tui.report.summary import verdict

        roots.append(verdict(diagnosis).sentence)
    haystack = data_strings(*roots)
    pieces = [p.strip() for line in screen_text(app).splitlines()
              for p in SEPARATORS.split(line)]
    return [p for p in pieces if ascii_prose(p) and not is_data(p, haystack)]


def is_data(piece: str, haystack: str) -> bool:
    """`piece` is data, or a mark or label (`! `, `TLS: `) followed by data."""
    piece = piece.lstrip("!✓✗–⋯…·⚠ ")
    if piece in haystack:
        return True
    label, _, rest = piece.partition(": ")
    return bool(rest) and not ascii_prose(label) and is_data(rest, haystack)


@pytest.mark.parametrize("name", ["passing", "failing", "github-problems", "offline",
                                  "nothing", "recovery"])
def test_no_english_fallback_on_any_screen(tmp_path, name):
    """Every step of every scenario, then help, palette and a finding's explanation: no text
    of the wizard's own is left in English."""

    async def run() -> None:
        diagnosis = scenario(name, tmp_path)
        app = make_app(diagnosis, "context", tmp_path)
        problems: dict[str, list[str]] = {}
        async with app.run_test(size=WIDE, notifications=False) as pilot:
            for number in range(1, len(WIZARD_STEPS) + 1):
                await pilot.press(str(number))
                await settle(app, pilot)
                problems[WIZARD_STEPS[number - 1]] = english_on_screen(app)
            for key, where in (("question_mark", "help"), ("ctrl+p", "palette")):
                await pilot.press(key)
                await pilot.pause()
                problems[where] = english_on_screen(app)
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("3", "tab", "x")
            await pilot.pause()
            problems["explain"] = english_on_screen(app)
        assert {k: v for k, v in problems.items() if v} == {}

    asyncio.run(run())


def test_notifications_speak_japanese(tmp_path, monkeypatch):
    """What the wizard notifies: a repair that needs the GitHub step, no repair, export, copy."""
    repair = sample_repair()
    offered = [[repair]]
    monkeypatch.setattr("tui.repairs.plan.repairs_for", lambda finding, diagnosis: offered[0])

    async def run() -> None:
        app = make_app(scenario("failing", tmp_path), "naming", tmp_path)
        async with app.run_test(size=NARROW) as pilot:
            await settle(app, pilot)
            offered[0] = []
            await pilot.press("f")  # a repair needs the GitHub step: it runs
            await settle(app, pilot)
            await pilot.press("f", "e")  # no repair for it; export
            await app.run_action("copy_report")
            await pilot.pause()
            said = [n.message for n in app._notifications] + \
                [n.title for n in app._notifications if n.title]
            assert len(said) == 7
            assert [s for s in said if ascii_prose(s)] == []

    asyncio.run(run())


def test_japanese_wraps_between_characters_never_before_a_closing_mark():
    from rich.text import Text

    from tui.app.widgets.cell_wrap import CellWrapped, wrapped

    lines = [line.plain for line in CellWrapped(Text("値が表示されることはありません。")).lines(8)]
    assert lines == ["値が表示", "されるこ", "とはあり", "ません。"]
    lines = [line.plain for line in CellWrapped(Text("ab `docker pull` と同様に、")).lines(16)]
    assert lines == ["ab `docker pull`", "と同様に、"]
    assert all(cells(line) <= 16 for line in lines)
    i18n.set_language("en")
    assert isinstance(wrapped(Text("English stays Textual's")), Text)
