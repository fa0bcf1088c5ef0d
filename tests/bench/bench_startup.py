"""Start-up cost of the command line and the wizard (a script, not a test):
`python tests/bench/bench_startup.py [--runs N]`.

Every figure is the median of whole-process runs, each paired with its baseline (runs
interleaved, so load from elsewhere hits both alike) and printed as a ratio measured in the
same run. Byte-code is written by the warm-up runs (PYTHONDONTWRITEBYTECODE is dropped from the
children's environment), so no figure pays for compiling source.

1. CPU (user + system) of an offline `check` of one set and one image, as a ratio to
   `python -c pass`. Target: ≤ 2×. `--version` is shown beside it.
2. `python -X importtime` of that offline check: the total of every module's own import time
   (median of the runs) and the largest costs.
3. Spawn → first screen painted, headless, as a ratio to a bare Textual app (an App whose
   `on_ready` exits): the median of the ratios of runs taken in pairs (one of each, the order
   alternating), which a change of load during the bench moves less than a ratio of medians.
   Target: ≤ 1.10×. Beside it, the same in a terminal: both programs under a pseudo-terminal
   of 80×24 with Textual's own Linux driver (the app says it painted on another descriptor).
4. Peak RSS of a full `--demo` wizard run through every step. Target: ≤ 120 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
from textual.app import App

class Bare(App):
    def on_ready(self) -> None:
        print("painted", flush=True)
        self.exit()

Bare().run(headless=True)
"""

WIZARD = """
from tui.app.app import WizardApp
from tui.checks.diagnosis import Diagnosis
from tui.demo import demo_session
from tui.options import Options

class FirstPaint(WizardApp):
    def on_ready(self) -> None:
        print("painted", flush=True)
        self.exit()

with demo_session(Options(offline=True)) as options:  # the demo's files, no registries
    FirstPaint(Diagnosis(options)).run(headless=True)
"""

FULL_RUN = """
import asyncio
from tui.app.app import WizardApp
from tui.checks.diagnosis import Diagnosis
from tui.demo import demo_session
from tui.options import Options
from tui.steps import WIZARD_STEPS

async def main(options) -> None:
    app = WizardApp(Diagnosis(options), export_path=None)
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ["n"] * (len(WIZARD_STEPS) - 1) + ["q"]:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press(key)

with demo_session(Options()) as options:  # with the demo's registries, as `--demo` runs
    asyncio.run(main(options))
"""

IMAGE = "127.0.0.1:5000/team/app:1.0"
ONE_SET = {
    "BENCH_CONTAINER_REGISTRY_SERVER": "127.0.0.1:5000",
    "BENCH_CONTAINER_REGISTRY_USER": "alice",
    "BENCH_CONTAINER_REGISTRY_PASSWORD": "Bench-password-0123456789",
}
"""One secret set for the image's registry, as Codespaces would put it in the environment."""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured process: no colour or theme settings, no other
    registry secrets, and byte-code allowed (the warm-up runs write it)."""
    drop = ("NO_COLOR", "TEXTUAL_THEME", "PYTHONDONTWRITEBYTECODE", "GITHUB_TOKEN")
    env = {k: v for k, v in os.environ.items()
           if k not in drop and "CONTAINER_REGISTRY" not in k}
    return {**env, **(extra or {})}


def registry_doctor() -> list[str]:
    exe = shutil.which("registry-doctor")
    return [exe] if exe else [sys.executable, "-m", "tui"]


def offline_check_cmd(work: Path) -> list[str]:
    """`check --offline` of a workspace whose devcontainer.json names one image."""
    return [*registry_doctor(), "check", "--offline", "--workspace", str(work / "ws"),
            "--codespaces-dir", str(work / "cs")]


def make_workspace(work: Path) -> None:
    (work / "cs").mkdir()
    config = work / "ws" / ".devcontainer" / "devcontainer.json"
    config.parent.mkdir(parents=True)
    config.write_text(f'{{\n  // the image to pull\n  "image": "{IMAGE}"\n}}\n', encoding="utf-8")


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one whole process (output discarded)."""
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: error findings (none expected)
        raise RuntimeError(f"{cmd[:3]} exited {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime


def import_times(cmd: list[str], env: dict[str, str]) -> dict[str, tuple[int, int]]:
    """{module: (own µs, cumulative µs)} from `python -X importtime` of `cmd` (a Python
    command line: interpreter first)."""
    out = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr
    times: dict[str, tuple[int, int]] = {}
    for line in out.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        times[name.strip()] = (int(own), int(cumulative))
    return times


def timed(code: str) -> float:
    """Seconds from spawn of `python -c code` until it says its first screen is painted."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=child_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    line = child.stdout.readline()
    painted = time.perf_counter() - started
    child.stdout.close()
    if child.wait(timeout=60) != 0 or "painted" not in line:
        raise RuntimeError("the program did not paint its first screen")
    return painted


def in_terminal(code: str) -> str:
    """`code` run with Textual's terminal driver, saying "painted" on descriptor 3."""
    code = code.replace("run(headless=True)", "run()")
    said = code.replace('print("painted", flush=True)', "_os.write(3, b'painted')")
    return "import os as _os\n" + said


def timed_in_terminal(code: str) -> float:
    """Seconds from spawn of `python -c code` (see `in_terminal`) in a pseudo-terminal until it
    says its first screen is painted; the terminal's output is read and dropped."""
    said, say = os.pipe()
    env = {**child_env(), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    started = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:  # the child: descriptor 3 is the pipe's writing end
        try:
            os.dup2(say, 3)
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-c", code], env)
        finally:
            os._exit(127)
    os.close(say)
    painted: float | None = None
    try:
        while painted is None:
            ready, _, _ = select.select([said, terminal], [], [], 60)
            if said in ready:
                if b"painted" in os.read(said, 64):
                    painted = time.perf_counter() - started
                    break
                raise RuntimeError("the program ended before it painted its first screen")
            if not ready:
                raise RuntimeError("the program did not paint its first screen")
            with contextlib.suppress(OSError):
                os.read(terminal, 65536)
        while os.waitpid(pid, os.WNOHANG) == (0, 0):  # drain until it has exited
            if select.select([terminal], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    if not os.read(terminal, 65536):
                        break
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(said)
        os.close(terminal)
    assert painted is not None
    return painted


def paired_ratio(runs: int, measure: Callable[[str], float], wizard_code: str,
                 bare_code: str) -> tuple[float, float, float]:
    """(bare median, wizard median, median of the pairs' ratios) of `measure` over `runs` pairs,
    the order within a pair alternating (load on the machine hits both alike)."""
    measure(bare_code), measure(wizard_code)  # warm the file cache and byte-code
    bare, wizard = [], []
    for index in range(runs):
        if index % 2:
            wizard.append(measure(wizard_code))
            bare.append(measure(bare_code))
        else:
            bare.append(measure(bare_code))
            wizard.append(measure(wizard_code))
    ratio = statistics.median(w / b for w, b in zip(wizard, bare, strict=True))
    return statistics.median(bare), statistics.median(wizard), ratio


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) of `python -c code` (ru_maxrss of the finished child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024.0


def verdict(ratio: float, target: float) -> str:
    return f"(target ≤ {target:.2f}×) {'OK' if ratio <= target else 'OVER'}"


def bench_cpu(runs: int, work: Path) -> None:
    """1 and 2: CPU of the offline check and of --version against `python -c pass`;
    import times of the offline check."""
    bare_cmd = [sys.executable, "-c", "pass"]
    check_cmd = offline_check_cmd(work)
    version_cmd = [*registry_doctor(), "--version"]
    env, check_env = child_env(), child_env(ONE_SET)
    for cmd in (bare_cmd, check_cmd, version_cmd):  # warm-up: byte-code, file cache
        cpu_seconds(cmd, check_env)
    bare, check, version = [], [], []
    for _ in range(runs):
        bare.append(cpu_seconds(bare_cmd, env))
        check.append(cpu_seconds(check_cmd, check_env))
        version.append(cpu_seconds(version_cmd, env))
    bare_ms, check_ms = statistics.median(bare) * 1000, statistics.median(check) * 1000
    version_ms = statistics.median(version) * 1000
    print(f"CPU, python -c pass:                       median {bare_ms:.0f} ms ({runs} runs)")
    print(f"CPU, check --offline (one set, one image): median {check_ms:.0f} ms "
          f"→ {check_ms / bare_ms:.2f}× {verdict(check_ms / bare_ms, 2.0)}")
    print(f"CPU, --version:                            median {version_ms:.0f} ms "
          f"→ {version_ms / bare_ms:.2f}×")

    python_cmd = [sys.executable, "-m", "tui", *check_cmd[len(registry_doctor()):]]
    samples = [import_times(python_cmd, check_env) for _ in range(runs)]
    totals = [sum(own for own, _ in times.values()) for times in samples]
    last = samples[-1]
    ours = [name for name in last if name == "tui" or name.startswith("tui.")]
    print(f"python -X importtime, check --offline: total {statistics.median(totals) / 1000:.1f} ms "
          f"(median of {runs}), {len(last)} modules, {len(ours)} of them tui's")
    print("  largest own import times (last run):")
    for name, (own, cumulative) in sorted(last.items(), key=lambda kv: -kv[1][0])[:12]:
        print(f"    {own / 1000:6.1f} ms own {cumulative / 1000:6.1f} ms with children  {name}")


def bench_wizard(runs: int) -> None:
    """3 and 4: first paint against a bare Textual app (headless, then in a terminal); peak
    RSS of a full demo run."""
    bare_median, wizard_median, ratio = paired_ratio(runs, timed, WIZARD, BARE)
    print(f"bare Textual app, spawn → first paint: median {bare_median * 1000:.0f} ms "
          f"({runs} runs)")
    print(f"registry-doctor wizard (--demo):      median {wizard_median * 1000:.0f} ms "
          f"→ {ratio:.2f}× (median of the {runs} pairs' ratios) {verdict(ratio, 1.10)}")
    bare_median, wizard_median, ratio = paired_ratio(
        runs, timed_in_terminal, in_terminal(WIZARD), in_terminal(BARE))
    print(f"  in a terminal (pty, 80×24): bare {bare_median * 1000:.0f} ms, wizard "
          f"{wizard_median * 1000:.0f} ms → {ratio:.2f}×")
    rss = peak_rss_mb(FULL_RUN)
    print(f"peak RSS, --demo through every step: {rss:.1f} MB (target ≤ 120 MB) "
          f"{'OK' if rss <= 120 else 'OVER'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per program (at least 7)")
    parser.add_argument("--only", choices=("cpu", "wizard"), help="one half of the figures")
    args = parser.parse_args()
    runs = max(7, args.runs)
    if args.only != "wizard":
        with tempfile.TemporaryDirectory(prefix="rdbench-") as tmp:
            make_workspace(Path(tmp))
            bench_cpu(runs, Path(tmp))
    if args.only != "cpu":
        bench_wizard(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
