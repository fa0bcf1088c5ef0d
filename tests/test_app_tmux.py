"""The real program in a real terminal: `python -m tui --demo` under tmux, driven by keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import command_lines
from tui.demo import DEMO_DIR
from tui.steps import WIZARD_STEPS, number

ROOT = Path(__file__).resolve().parents[1]
WAIT = 20.0


class Tmux:
    """A private tmux server (its own socket) running one command in a 120×36 window."""

    def __init__(self, command: str, extra_env: dict[str, str] | None = None) -> None:
        binary = shutil.which("tmux")
        assert binary, "tmux is needed for this test (apt-get install tmux)"
        self.binary = binary
        self.socket = f"rd-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.target = "wizard"
        env = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "TEXTUAL_THEME", "TMUX")}
        env["TERM"] = "xterm-256color"
        env.update(extra_env or {})
        self.tmux("new-session", "-d", "-x", "120", "-y", "36", "-s", self.target,
                  "-c", str(ROOT), command, env=env)

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run([self.binary, "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=10, env=env)
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.target)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.target, *keys)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def wizard_terminal():
    command = f"{sys.executable} -m tui --demo; echo EXIT=$?; sleep 60"
    terminal = Tmux(command)
    try:
        yield terminal
    finally:
        terminal.close()


EXPECTED = [
    ("Step 1 of 8: Context", "Welcome to registry-doctor"),
    ("Step 2 of 8: Secrets", "•••• ("),
    ("Step 3 of 8: Names & values", "Names must match the pattern"),
    ("Step 4 of 8: GitHub", "Secrets on GitHub"),
    ("Step 5 of 8: Login", "LOGIN_UNAUTHORIZED"),
    ("Step 6 of 8: Pull", "IMAGE_NOT_FOUND"),
    ("Step 7 of 8: ECR", "AWS is not contacted"),
    ("Step 8 of 8: Summary", "Fixes, in order"),
]


def test_the_demo_steps_through_and_quits(wizard_terminal):
    secrets = [line.split("=", 1)[1].strip('"').replace("\\n", "")
               for line in (DEMO_DIR / "demo.env").read_text().splitlines()
               if "_PASSWORD=" in line]
    for index, (heading, text) in enumerate(EXPECTED):
        if index:
            wizard_terminal.keys("n")
        wizard_terminal.wait_for(heading)
        screen = wizard_terminal.wait_for(text)
        assert all(secret not in screen for secret in secrets)
    wizard_terminal.keys("b")
    wizard_terminal.wait_for("Step 7 of 8: ECR")
    wizard_terminal.keys("2")
    wizard_terminal.wait_for("Step 2 of 8: Secrets")
    wizard_terminal.keys("q")
    screen = wizard_terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen
    assert "Traceback" not in screen


EXPECTED_JA = [
    ("ステップ 1/8: コンテキスト", "registry-doctor へようこそ"),
    ("ステップ 2/8: シークレット", "パスワード"),
    ("ステップ 3/8: 名前と値", "確認した変数"),
    ("ステップ 4/8: GitHub", "GitHub 上のシークレット"),
    ("ステップ 5/8: ログイン", "LOGIN_UNAUTHORIZED"),
    ("ステップ 6/8: プル", "IMAGE_NOT_FOUND"),
    ("ステップ 7/8: ECR", "AWS での確認"),
    ("ステップ 8/8: 概要", "修正 (修正する人ごと、原因から順に)"),
]


def test_the_demo_in_japanese_steps_through_and_quits():
    """`--demo --lang ja`: every step's heading and texts in Japanese, the keys, the help;
    no secret, no traceback."""
    secrets = [line.split("=", 1)[1].strip('"').replace("\\n", "")
               for line in (DEMO_DIR / "demo.env").read_text().splitlines()
               if "_PASSWORD=" in line]
    terminal = Tmux(f"{sys.executable} -m tui --demo --lang ja; echo EXIT=$?; sleep 60")
    try:
        for index, (heading, text) in enumerate(EXPECTED_JA):
            if index:
                terminal.keys("n")
            terminal.wait_for(heading)
            screen = terminal.wait_for(text)
            assert "次へ" in screen and "終了" in screen  # the key bar
            assert all(secret not in screen for secret in secrets)
        terminal.keys("?")
        terminal.wait_for("registry-doctor: キー")
        terminal.keys("Escape")
        deadline = time.monotonic() + WAIT  # a key right after Escape would read as Alt+key
        while "registry-doctor: キー" in terminal.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        terminal.keys("b")
        terminal.wait_for("ステップ 7/8: ECR")
        terminal.keys("q")
        screen = terminal.wait_for("EXIT=")
        assert "EXIT=0" in screen
        assert "Traceback" not in screen
    finally:
        terminal.close()


@pytest.mark.parametrize("key", ["q", "C-c"])
def test_quitting_while_a_step_waits_on_a_silent_host_is_instant(tmp_path, key):
    """`q` / `ctrl+c` during a login that would wait 30 s: gone in under half a second."""
    from tui.demo.registry import _Silent

    silent = _Silent()
    workspace = tmp_path / "ws"
    workspace.mkdir()
    env_file = tmp_path / "quit.env"
    env_file.write_text(f"Q_CONTAINER_REGISTRY_SERVER=127.0.0.1:{silent.port}\n"
                        "Q_CONTAINER_REGISTRY_USER=quitter\n"
                        "Q_CONTAINER_REGISTRY_PASSWORD=quit-test-password\n")
    script = tmp_path / "run.sh"  # the shell's command line then names no workspace
    script.write_text(f"{sys.executable} -m tui --workspace {workspace} --env-file {env_file} "
                      f"--image 127.0.0.1:{silent.port}/team/app:1 --timeout 30 --no-daemon\n"
                      "echo EXIT=$?\nsleep 60\n")
    terminal = Tmux(f"sh {script}")
    try:
        terminal.wait_for(f"Step 1 of {len(WIZARD_STEPS)}")
        terminal.keys(str(number("login")))
        terminal.wait_for("challenge ⋯")  # the login waits on the silent host
        started = time.monotonic()
        terminal.keys(key)
        screen = terminal.wait_for("EXIT=")
        seconds = time.monotonic() - started
        assert "EXIT=0" in screen and "Traceback" not in screen
        assert "Step 5 of 8" not in screen  # the terminal is restored
        assert seconds < 0.5, seconds
        left = subprocess.run(["pgrep", "-f", str(workspace)], capture_output=True, text=True)
        assert left.stdout.strip() == ""  # nothing left running
    finally:
        terminal.close()
        silent.stop()


def test_the_demo_repairs_a_misspelled_name_and_an_ungranted_secret(tmp_path):
    """`f` end to end in a real terminal: the rename (then its delete, asked separately) on
    Names & values, the grant on GitHub; the GitHub step turns green; no value anywhere."""
    secrets = [line.split("=", 1)[1].strip('"').replace("\\n", "")
               for line in (DEMO_DIR / "demo.env").read_text().splitlines()
               if "_PASSWORD=" in line]
    terminal = Tmux(f"{sys.executable} -m tui --demo; echo EXIT=$?; sleep 60")
    screens = []
    try:
        terminal.wait_for("Step 1 of 8: Context")
        terminal.keys("4")
        screens.append(terminal.wait_for("Secrets on GitHub"))
        terminal.keys("Tab")
        screens.append(terminal.wait_for("SECRET_NOT_GRANTED"))
        terminal.keys("f")
        screens.append(terminal.wait_for("grant acme/app the user secrets"))
        terminal.keys("Enter")
        screens.append(terminal.wait_for("4 GitHub ✓"))  # the step ran again and passes
        assert "SECRET_NOT_GRANTED" not in screens[-1]
        terminal.keys("3")
        terminal.wait_for("Step 3 of 8: Names & values")
        terminal.keys("Tab")
        terminal.keys("f")
        screens.append(terminal.wait_for("store the value of ACR_CONTAINER_REGISTRY_USERNAME"))
        terminal.keys("Enter")
        screens.append(terminal.wait_for("delete the misspelled user secret"))
        terminal.keys("Enter")
        screens.append(terminal.wait_for("Repair applied"))
        processes = command_lines()
        terminal.keys("q")
        screens.append(terminal.wait_for("EXIT="))
        assert "EXIT=0" in screens[-1]
    finally:
        terminal.close()
    everything = "\n".join(screens) + processes
    assert secrets and all(secret not in everything for secret in secrets)
