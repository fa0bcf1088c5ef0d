"""The interactive wizard (Textual): `run_wizard(options, demo)` is its entry point."""

from __future__ import annotations

from tui.options import Options


def run_wizard(options: Options, demo: bool = False) -> int:
    """Run the wizard over a fresh diagnosis of `options` (the demo and its registries with
    `demo`, stopped when the wizard ends)."""
    if demo:
        from tui.demo import demo_session

        with demo_session(options) as demo_options:
            return run_wizard(demo_options)
    import asyncio

    from tui.app.app import WizardApp
    from tui.checks.diagnosis import Diagnosis
    from tui.i18n import LANGUAGES, set_language

    if options.language != LANGUAGES[0]:  # else the language the CLI chose (`--lang`, locale)
        set_language(options.language)

    app = WizardApp(Diagnosis(options))
    # A loop of our own: `asyncio.run` would wait, on the way out, for a step still running in
    # a worker thread (up to --timeout); quitting must not.
    loop = asyncio.new_event_loop()
    code = app.run(loop=loop)
    return code if isinstance(code, int) else 0


def leave_now(code: int) -> None:
    """End the process with `code` at once when a step still runs in a worker thread.

    Its network wait is bounded but may be long (`--timeout`); nothing it would write is
    needed any more (the terminal is restored, the demo's registries are stopped), so it is
    abandoned rather than awaited.
    """
    import os
    import sys
    import threading

    main = threading.main_thread()
    if any(t.is_alive() and not t.daemon and t is not main for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


__all__ = ["leave_now", "run_wizard"]
