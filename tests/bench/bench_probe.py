"""Benchmark of the login/pull probe against docker itself, on the loopback lab.

Run from the repository root (it needs root for the lab's dockerd, like the test suite):

    python tests/bench/bench_probe.py            # 5 runs per figure
    BENCH_RUNS=7 python tests/bench/bench_probe.py
    BENCH_HOLD=/tmp/lab.json python tests/bench/bench_probe.py   # keep the lab up, by hand

The lab is made of pytest fixtures, so the script starts pytest on itself to bring the lab up
(`bench_all` below is collected only because this file is named on the command line; plain
`pytest` never collects it). Every figure is the median of whole-process runs:

1. `registry-doctor check --no-daemon --no-github` of a healthy set (login + pull) vs `docker
   login --password-stdin` + `docker pull` CLI on the same registry, with the image's layers
   already present (target ≤ 1.5×) and with them deleted (target ≤ 1.0×; `BENCH_ONLY=healthy`
   stops after this);
2. the slowest fault verdict (`check`, default timeout 5 s) vs `docker login` on the same
   fixture (target ≤ 0.2×);
3. 8 sets vs 1 on the same registry (target ≤ 1.5×);
4. peak RSS of `check` (target ≤ 80 MB).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
FAULTS = ("silent", "hang_auth")
"""The faults where docker waits longest (25 s, 15 s) and where our verdict takes longest."""


LAST_STDOUT: list[str] = [""]


def _timed(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, int, int]:
    """(seconds, exit status, peak RSS in KB) of one whole process (stdout in LAST_STDOUT)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    LAST_STDOUT[0] = proc.stdout.read()
    proc.stdout.close()
    return seconds, proc.returncode, usage.ru_maxrss


def _login_step_seconds() -> float:
    """The login step's own verdict time, from the last `check --json` report."""
    import json

    report = json.loads(LAST_STDOUT[0])
    return next(step["seconds"] for step in report["steps"] if step["id"] == "login")


def _check_cmd(work: Path, image: str, timeout: float | None = None) -> list[str]:
    exe = shutil.which("registry-doctor")
    base = [exe] if exe else [sys.executable, "-m", "tui"]
    cmd = [*base, "check", "--json", "--no-daemon", "--no-github",
           "--workspace", str(work / "ws"), "--codespaces-dir", str(work / "cs"), "--image", image]
    if timeout is not None:
        cmd += ["--timeout", str(timeout)]
    return cmd


def _set_env(base: dict[str, str], sets: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    env = dict(base)
    for prefix, (server, user, password) in sets.items():
        env[f"{prefix}_CONTAINER_REGISTRY_SERVER"] = server
        env[f"{prefix}_CONTAINER_REGISTRY_USER"] = user
        env[f"{prefix}_CONTAINER_REGISTRY_PASSWORD"] = password
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def run_bench(lab, work: Path) -> dict[str, float]:
    """Measure every figure; print and return them."""
    (work / "ws").mkdir(exist_ok=True)
    (work / "cs").mkdir(exist_ok=True)
    docker_config = work / "docker-config"
    docker_config.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if "CONTAINER_REGISTRY" not in k}
    base.pop("DOCKER_HOST", None)
    base.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run writes byte-code, as installs do
    reg = lab.basic_http
    password = reg.users["alice"]
    image = f"{reg.host}/team/app:1.0"
    figures: dict[str, float] = {}

    # 1. healthy: check vs docker login + docker pull, with the image's layers already present
    # (docker only reads the manifest: the harder case for us) and with them deleted.
    # Runs alternate (ours, docker's) so load from elsewhere hits both alike; one warm-up each.
    env1 = _set_env(base, {"BENCH": (reg.host, "alice", password)})
    denv = dict(base, DOCKER_HOST=lab.docker_host, DOCKER_CONFIG=str(docker_config))
    ours, rss, present, deleted = [], [], [], []
    for run in range(RUNS + 1):
        seconds, code, peak = _timed(_check_cmd(work, image), env1)
        assert code == 0, f"check of a healthy set exited {code}"
        login, code, _ = _timed(["docker", "login", "-u", "alice", "--password-stdin", reg.host],
                                denv, stdin=password + "\n")
        assert code == 0, "docker login failed"
        subprocess.run(["docker", "pull", image], env=denv, capture_output=True, check=True)
        pulled_present, code, _ = _timed(["docker", "pull", image], denv)
        assert code == 0, "docker pull (layers present) failed"
        subprocess.run(["docker", "rmi", "-f", image], env=denv, capture_output=True)
        pulled_fresh, code, _ = _timed(["docker", "pull", image], denv)
        assert code == 0, "docker pull (layers deleted) failed"
        subprocess.run(["docker", "logout", reg.host], env=denv, capture_output=True)
        if run:
            ours.append(seconds)
            rss.append(peak)
            present.append(login + pulled_present)
            deleted.append(login + pulled_fresh)
    figures["healthy_check_s"] = median(ours)
    figures["healthy_docker_present_s"] = median(present)
    figures["healthy_ratio_present"] = median(ours) / median(present)
    figures["healthy_docker_deleted_s"] = median(deleted)
    figures["healthy_ratio_deleted"] = median(ours) / median(deleted)
    figures["peak_rss_mb"] = max(rss) / 1024
    if os.environ.get("BENCH_ONLY") == "healthy":
        _print(figures)
        return figures

    # 2. faults: our whole check (default timeout) vs docker login on the same fixture
    worst = 0.0
    for fault in FAULTS:
        host = lab.faults[fault]
        env2 = _set_env(base, {"BENCH": (host, "alice", "WrongPw-bench-0123456789")})
        ours, verdicts = [], []
        for _ in range(RUNS):
            ours.append(_timed(_check_cmd(work, f"{host}/team/app:1.0"), env2)[0])
            verdicts.append(_login_step_seconds())
        theirs = [
            _timed(["docker", "login", "-u", "alice", "--password-stdin", host], denv,
                   stdin="WrongPw-bench-0123456789\n")[0]
            for _ in range(RUNS)
        ]
        figures[f"fault_{fault}_check_s"] = median(ours)
        figures[f"fault_{fault}_docker_login_s"] = median(theirs)
        figures[f"fault_{fault}_ratio"] = median(ours) / median(theirs)
        figures[f"fault_{fault}_login_verdict_s"] = median(verdicts)
        figures[f"fault_{fault}_verdict_ratio"] = median(verdicts) / median(theirs)
        if median(ours) >= worst:
            worst = median(ours)
            figures["slowest_fault_ratio"] = median(ours) / median(theirs)

    # 3. 8 sets vs 1 on the same registry
    env8 = _set_env(base, {f"BENCH{i}": (reg.host, "alice", password) for i in range(8)})
    one, eight = [], []
    for _ in range(RUNS):
        one.append(_timed(_check_cmd(work, image), env1)[0])
        eight.append(_timed(_check_cmd(work, image), env8)[0])
    figures["sets1_s"] = median(one)
    figures["sets8_s"] = median(eight)
    figures["sets_ratio"] = median(eight) / median(one)

    _print(figures)
    return figures


def _print(figures: dict[str, float]) -> None:
    print("\nregistry-doctor probe benchmark (medians of", RUNS, "whole-process runs)")
    for name, value in figures.items():
        print(f"  {name:32s} {value:8.3f}")
    print("  targets: healthy_ratio_present ≤ 1.5, healthy_ratio_deleted ≤ 1.0, "
          "slowest_fault_ratio ≤ 0.2, sets_ratio ≤ 1.5, peak_rss_mb ≤ 80")


def hold(lab) -> None:
    """BENCH_HOLD=FILE: write the lab's addresses (JSON) to FILE and keep the lab up until
    FILE is deleted — for measuring by hand."""
    import json

    path = Path(os.environ["BENCH_HOLD"])
    info = {
        "basic_http": lab.basic_http.host, "basic_tls": lab.basic_tls.host,
        "token": lab.token.host, "ca_file": str(lab.ca_file), "faults": lab.faults,
        "docker_host": lab.docker_host, "users": {
            name: getattr(lab, name).users for name in ("basic_http", "basic_tls", "token")
        },
    }
    path.write_text(json.dumps(info, indent=1))
    while path.exists():
        time.sleep(0.5)


def bench_all(lab):
    """Collected only when this file is named on the pytest command line (see __main__)."""
    if os.environ.get("BENCH_HOLD"):
        hold(lab)
        return
    with tempfile.TemporaryDirectory(prefix="rdbench-") as tmp:
        run_bench(lab, Path(tmp))


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    sys.exit(__import__("pytest").main([
        str(Path(__file__).resolve()), "-q", "-s", "-p", "no:cacheprovider",
        "-o", "python_functions=bench_*", "-o", "python_files=bench_*.py",
    ]))
