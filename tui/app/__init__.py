"""The interactive wizard (Textual): `run_wizard(options, demo)` is its entry point."""

from __future__ import annotations

from tui.options import Options


def run_wizard(options: Options, demo: bool = False) -> int:
    """Run the wizard over a fresh diagnosis of `options` (the demo and its registries with
    `demo`, stopped when the wizard ends)."""
    from tui.app.app import WizardApp
    from tui.checks.diagnosis import Diagnosis

    if demo:
        from tui.demo import demo_session

        with demo_session(options) as demo_options:
            return run_wizard(demo_options)
    app = WizardApp(Diagnosis(options))
    code = app.run()
    return code if isinstance(code, int) else 0


__all__ = ["run_wizard"]
