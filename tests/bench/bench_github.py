"""The GitHub step over every scenario of the loopback stand-in: verdicts, requests, seconds.

Run from the repository root:

    .venv/bin/python tests/bench/bench_github.py            # 5 runs per timing
    BENCH_RUNS=9 .venv/bin/python tests/bench/bench_github.py

Prints (Markdown) the verdict table (scenario, codes expected, codes given, requests, step
seconds), then the step's median time on a healthy API and on a silent one (default bound
5 s, and 1 s), and the requests of a typical codespace. The stand-in is the tests' own
(tests/lab/github_api.py) on 127.0.0.1, stopped by its handle at the end.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import make_options
from tests.lab.github_api import GithubApi
from tests.lab.github_scenarios import CASES, Case, case
from tui.checks.diagnosis import Diagnosis

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def run(api: GithubApi, item: Case, timeout: float | None = None) -> tuple[list[str], int, float]:
    """One scenario: the GitHub step's codes, the requests it made and its seconds."""
    api.reset(item.world())
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {"GITHUB_API_URL": api.url, item.token_variable: item.token,
               "GITHUB_REPOSITORY": api.world.repo, "CODESPACE_NAME": api.world.codespace,
               "CODESPACES": "true", "PATH": str(tmp / "no-gh"), **item.env}
        options = make_options(tmp, env, {".devcontainer/devcontainer.json": item.devcontainer},
                               offline=False, timeout=timeout or item.timeout)
        diagnosis = Diagnosis(options)
        diagnosis.run_all(("context", "secrets"))
        result = diagnosis.run_step("github")
    return [f.code for f in result.findings], len(api.requests), result.seconds


def main() -> None:
    api = GithubApi().start()
    try:
        print("| scenario | expected | given | requests | seconds |")
        print("|---|---|---|---:|---:|")
        agree = 0
        for item in CASES:
            codes, calls, seconds = run(api, item)
            ok = sorted(set(codes)) == sorted(item.expected)
            agree += ok
            print(f"| {item.name} | {', '.join(item.expected) or 'pass'} | "
                  f"{', '.join(codes) or 'pass'}{'' if ok else ' ✗'} | {calls} | {seconds:.3f} |")
        print(f"\n{agree}/{len(CASES)} scenarios give the expected verdict.\n")
        typical = case("typical codespace (ACR set, GHCR image and Feature, org)")
        healthy = [run(api, typical)[2] for _ in range(RUNS)]
        calls = run(api, typical)[1]
        silent5 = [run(api, case("silent API (bound 1 s)"), timeout=5.0)[2] for _ in range(2)]
        silent1 = [run(api, case("silent API (bound 1 s)"), timeout=1.0)[2] for _ in range(RUNS)]
        print(f"- healthy, typical codespace: median {statistics.median(healthy):.3f} s "
              f"over {RUNS} runs, {calls} requests")
        print(f"- silent API, --timeout 5: median {statistics.median(silent5):.2f} s")
        print(f"- silent API, --timeout 1: median {statistics.median(silent1):.2f} s")
    finally:
        started = time.monotonic()
        api.stop()
        print(f"- stand-in stopped in {time.monotonic() - started:.2f} s")


if __name__ == "__main__":
    main()
