"""Build hook: compile each language's `.po` into the `.mo` the wheel carries (no tool needed
beyond the project's own `tui/i18n/po.py`); everything else is in pyproject.toml."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """`build_py`, then `tui/locale/<lang>/LC_MESSAGES/*.po` → `*.mo` in the build."""

    def run(self) -> None:
        super().run()
        spec = importlib.util.spec_from_file_location("po", Path("tui/i18n/po.py"))
        assert spec is not None and spec.loader is not None
        po = importlib.util.module_from_spec(spec)
        sys.modules["po"] = po  # dataclasses look their module up
        spec.loader.exec_module(po)
        for source in Path("tui/locale").glob("*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / source.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(po.compile_mo(po.read_po(source.read_text(encoding="utf-8"))))


setup(cmdclass={"build_py": BuildWithCatalogs})
