"""The fault table: every fault of the lab through both paths, daemon-less and daemon.

Each row asserts the daemon-less verdict (code and stage) and that both verdicts came within
their bound; the table itself is printed at the end of the run for the record.
"""

from __future__ import annotations

import time

import pytest

from tests.helpers import make_options
from tests.lab import FAULT_CODES
from tui.model import Secret
from tui.registry.daemon import daemon_login, daemon_pull, in_background
from tui.registry.probe import probe_login, probe_pull
from tui.workspace.imageref import parse_image_ref

TIMEOUT = 1.0
BOUND = 2.5 * TIMEOUT
"""A verdict may take the step's bound plus set-up: well under docker's 10-30 s."""
DAEMON_BOUND = 2 * TIMEOUT + 1.5
"""The daemon call is abandoned after 2 x timeout + 1 s (tui.registry.daemon.in_background)."""
PASSWORD = Secret("fault-table-pw-1f2e3d")
PULL_FAULTS = {"blob_redirect"}
"""Faults that only a pull meets: probed with valid credentials through the pull path."""
ROWS: list[tuple[str, str, str, float, str, float]] = []


@pytest.fixture(scope="module", autouse=True)
def print_table(request):
    """Print the collected table once the module is done."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not ROWS:
        return
    reporter.write_line("")
    reporter.write_line(f"fault table (timeout {TIMEOUT:g} s): fault | daemon-less code @ stage, s"
                        " | daemon code, s")
    for name, code, stage, seconds, daemon_code, daemon_seconds in sorted(ROWS):
        reporter.write_line(f"  {name:<18} {code:<22} @ {stage:<10} {seconds:5.2f}"
                            f" | {daemon_code:<22} {daemon_seconds:5.2f}")


@pytest.mark.lab
@pytest.mark.parametrize("fault", sorted(FAULT_CODES))
def test_fault_verdicts_through_both_paths(tmp_path, lab, fault):
    host = lab.faults[fault]
    options = make_options(tmp_path, env=lab.environ(), offline=False, no_daemon=False,
                           timeout=TIMEOUT)
    user, password = "alice", PASSWORD
    started = time.monotonic()
    if fault in PULL_FAULTS:
        user, password = "alice", Secret(lab.basic_http.users["alice"])
        # a tag no other test pulls through the daemon: a layer it already holds is not fetched
        image = parse_image_ref(f"{host}/team/app:2.0", "test")
        ladder = probe_pull(image, user, password, options)
    else:
        ladder = probe_login(host, user, password, options)
    seconds = time.monotonic() - started
    assert ladder.failure is not None, f"{fault}: the probe passed"
    assert ladder.failure.code == FAULT_CODES[fault], ladder.failure.detail
    assert seconds < BOUND, f"{fault}: {seconds:.2f} s"

    started = time.monotonic()
    if fault in PULL_FAULTS:
        daemon = daemon_pull(image, user, password, options, bound=DAEMON_BOUND - 0.5)
    else:
        daemon = in_background(daemon_login, host, user, password, options).result()
    daemon_seconds = time.monotonic() - started
    assert not daemon.ok, f"{fault}: the daemon logged in"
    assert daemon_seconds < DAEMON_BOUND, f"{fault}: daemon {daemon_seconds:.2f} s"
    assert password.reveal() not in daemon.message
    ROWS.append((fault, ladder.failure.code, ladder.failure.stage, seconds,
                 daemon.code or "(unclassified)", daemon_seconds))
