"""Start-up and memory of the wizard (a script, not a test): `python tests/bench/bench_startup.py`.

1. Spawn → first screen painted, headless, median of N runs, as a ratio to a bare Textual app
   measured in the same run (an App whose `on_ready` exits). Target: ≤ 1.15×.
2. Peak RSS of a full `--demo` wizard run through every step. Target: ≤ 120 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
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


def timed(code: str) -> float:
    """Seconds from spawn of `python -c code` until it says its first screen is painted."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME")}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    line = child.stdout.readline()
    painted = time.perf_counter() - started
    child.stdout.close()
    if child.wait(timeout=60) != 0 or "painted" not in line:
        raise RuntimeError("the program did not paint its first screen")
    return painted


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) of `python -c code` (ru_maxrss of the finished child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per program (at least 7)")
    args = parser.parse_args()
    runs = max(7, args.runs)
    timed(BARE), timed(WIZARD)  # warm the file cache and byte-code
    bare, wizard = [], []
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        bare.append(timed(BARE))
        wizard.append(timed(WIZARD))
    bare_median, wizard_median = statistics.median(bare), statistics.median(wizard)
    ratio = wizard_median / bare_median
    rss = peak_rss_mb(FULL_RUN)
    print(f"bare Textual app, spawn → first paint: median {bare_median * 1000:.0f} ms "
          f"({runs} runs)")
    print(f"registry-doctor wizard (--demo):      median {wizard_median * 1000:.0f} ms "
          f"({runs} runs)")
    print(f"ratio: {ratio:.2f}× (target ≤ 1.15×) {'OK' if ratio <= 1.15 else 'OVER'}")
    print(f"peak RSS, --demo through every step: {rss:.1f} MB (target ≤ 120 MB) "
          f"{'OK' if rss <= 120 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
