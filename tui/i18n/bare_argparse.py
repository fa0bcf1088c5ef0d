"""`argparse`, imported without `gettext`.

argparse asks `gettext` for its own words (`usage:`, `options`, its errors) at import and at
every parser it builds; `gettext` brings `locale`, compiles a plural-forms tokenizer and looks
for catalogs on disk at every call: about 3 ms of every start. registry-doctor translates
argparse's words itself (`tui.i18n.parser`: `localise`, `error_text`) and no Python ships a
catalog for them, so argparse is given a stand-in that returns its words unchanged. The
stand-in is in `sys.modules` only while argparse is imported: any later `import gettext` gets
the real module. If argparse or gettext is already loaded (a test run, an embedding program),
nothing is stood in for.
"""

from __future__ import annotations

import sys
from types import ModuleType

TYPE_CHECKING = False  # not typing's own: typing is not imported at start


def _import() -> ModuleType:
    if "argparse" in sys.modules or "gettext" in sys.modules:
        import argparse

        return argparse
    stand_in = ModuleType("gettext", "argparse's words, unchanged (see tui.i18n.bare_argparse)")
    stand_in.gettext = lambda message: message  # type: ignore[attr-defined]
    stand_in.ngettext = (  # type: ignore[attr-defined]
        lambda singular, plural, count: singular if count == 1 else plural)
    sys.modules["gettext"] = stand_in
    try:
        import argparse
    except ImportError:  # an argparse that wants more of gettext: the real one, then
        del sys.modules["gettext"]
        import argparse
    finally:
        if sys.modules.get("gettext") is stand_in:
            del sys.modules["gettext"]
    return argparse


if TYPE_CHECKING:
    import argparse as argparse
else:
    argparse = _import()
