"""Shared fixtures. Each part of the suite registers its own plugin module below."""

from __future__ import annotations

import pytest

from tests.helpers import make_options

pytest_plugins: list[str] = [
    "tests.lab.fixtures", "tests.ecr_lab", "tests.app_harness", "tests.github_lab",
]


@pytest.fixture
def options_for(tmp_path):
    """Build `Options` for a test: `options_for(env={...}, files={...}, **overrides)`."""

    def build(**kwargs):
        return make_options(tmp_path, **kwargs)

    return build


def pytest_terminal_summary(terminalreporter) -> None:
    """Report the creation-log reader's and the remedies' accuracy on the real samples
    (development, held out)."""
    from tests.test_creation_log_corpus import holdout_report
    from tests.test_remedy_corpus import remedy_report

    terminalreporter.write_line(holdout_report())
    terminalreporter.write_line(remedy_report())
