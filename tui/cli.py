"""The command line: the wizard (default), `check` (headless) and `explain CODE`.

Start-up stays lean: only argparse and the options here; the checks, reports and the Textual
app are imported by the command that needs them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tui import __version__
from tui.i18n import LANGUAGES, _, choose_language, language, set_language, t
from tui.i18n.bare_argparse import argparse
from tui.lazy_pattern import LazyPattern
from tui.options import DEFAULT_CODESPACES_DIR, DEFAULT_TIMEOUT, Options

PROG = "registry-doctor"
_redactor: Callable[[str], str] | None = None
"""The running diagnosis's redactor, so even an internal-error line masks its secrets."""
_quick_exit = False
"""Set once `check` has written its report: `console()` may then end the process at once."""
MAX_TIMEOUT = 600.0


class UsageError(Exception):
    """Bad command-line usage: exit status 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (the SPEC's exit 2 contract), in the
    current language like its help (`tui.i18n.parser`)."""

    def __init__(self, **kwargs) -> None:
        from tui.i18n.parser import HelpFormatter

        super().__init__(formatter_class=HelpFormatter, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        from tui.i18n.parser import error_text

        raise UsageError(error_text(message))


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("not a number of seconds: {value}",
                                            value=repr(text))) from None
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(t("must be more than 0 and at most {limit}",
                                            limit=f"{MAX_TIMEOUT:g}"))
    return value


_REPO = LazyPattern(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def _repo(text: str) -> str:
    value = text.strip()
    if not _REPO.match(value) or value.split("/", 1)[1] in (".", ".."):
        raise argparse.ArgumentTypeError(t("not OWNER/REPO: {value}", value=repr(text)))
    return value


def _add_shared(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--env-file", type=Path, metavar="PATH",
                        help=_("read variables from a dotenv file; they override the environment"))
    parser.add_argument("--workspace", type=Path, metavar="DIR", default=None,
                        help=_("the repository checkout, where .devcontainer/ is (default: .)"))
    parser.add_argument("--codespaces-dir", type=Path, metavar="DIR",
                        default=DEFAULT_CODESPACES_DIR,
                        help=t("Codespaces' state folder (default: {path})",
                               path=DEFAULT_CODESPACES_DIR))
    parser.add_argument("--image", metavar="REF",
                        help=_("the image to test pulling (default: from devcontainer.json)"))
    parser.add_argument("--offline", action="store_true",
                        help=_("no network, daemon or cloud call; skip those steps"))
    parser.add_argument("--timeout", type=_timeout, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=t("bound on each network step (default: {seconds:g})",
                               seconds=DEFAULT_TIMEOUT))
    parser.add_argument("--no-daemon", action="store_true",
                        help=_("never use a Docker daemon, even if one answers"))
    parser.add_argument("--no-github", action="store_true",
                        help=_("never call GitHub's API (the GitHub step is skipped)"))
    parser.add_argument("--repo", type=_repo, metavar="OWNER/REPO",
                        help=_("the codespace's repository (default: GITHUB_REPOSITORY)"))
    parser.add_argument("--insecure-registry", action="append", default=[],
                        metavar="HOST[:PORT]", dest="insecure_registries",
                        help=_("allow plain HTTP and unverified TLS for that registry "
                               "(repeatable)"))
    _add_lang(parser)


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("the language of every text (default: from LANGUAGE, LC_ALL, "
                               "LC_MESSAGES, LANG; else en)"))


def _demo_help() -> str:
    """The help of `--demo`, in the current language."""
    return _("run on built-in example files with typical faults, against the demo's own "
             "registries on 127.0.0.1 (started and stopped by the demo; no network needed)")


COMMANDS = ("wizard", "check", "fix", "explain")
"""The commands: the wizard (no subcommand), `check`, `fix` and `explain`."""


def build_parser(command: str) -> argparse.ArgumentParser:
    """The parser of one command (a run builds only its own: each costs ~1 ms)."""
    from tui.i18n.parser import localise

    parser = _PARSERS[command]()
    localise(parser)
    return parser


def build_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, by name."""
    return {command: build_parser(command) for command in COMMANDS}


def _wizard_parser() -> argparse.ArgumentParser:
    wizard = _Parser(
        prog=PROG,
        description=_("Find out why a codespace cannot pull its dev container image. "
        "Commands: `check` (headless), `explain CODE`; without one, the interactive wizard."),
    )
    wizard.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_shared(wizard)
    wizard.add_argument("--demo", action="store_true", help=_demo_help())
    return wizard


def _check_parser() -> argparse.ArgumentParser:
    check = _Parser(prog=f"{PROG} check", description=_("Run every check headless."))
    _add_shared(check)
    check.add_argument("--demo", action="store_true", help=_demo_help())
    check.add_argument("--json", action="store_true", help=_("print the JSON report (schema 3)"))
    check.add_argument("--report", type=Path, metavar="PATH",
                       help=_("write the redacted Markdown report to PATH"))
    check.add_argument("--daemon-pull", action="store_true",
                       help=_("also pull the image through the Docker daemon (stops when no data "
                       "comes for --timeout, and after 12 x --timeout in all)"))
    return check


def _fix_parser() -> argparse.ArgumentParser:
    fix = _Parser(prog=f"{PROG} fix", description=_("Run every check, then make the repairs "
                  "registry-doctor safely can, asking before each."))
    _add_shared(fix)
    fix.add_argument("--dry-run", action="store_true",
                     help=_("list the repairs and their requests; change nothing"))
    fix.add_argument("--yes", action="store_true",
                     help=_("make the repairs that need no typed value without asking"))
    fix.add_argument("--json", action="store_true",
                     help=_("print the repairs and their outcome as JSON (schema 3)"))
    fix.add_argument("--demo", action="store_true", help=_demo_help())
    return fix


def _explain_parser() -> argparse.ArgumentParser:
    explain = _Parser(prog=f"{PROG} explain", description=_("What a finding code means."))
    explain.add_argument("code", nargs="?", help=_("a finding code (omit to list all)"))
    _add_lang(explain)
    return explain


_PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "wizard": _wizard_parser, "check": _check_parser, "fix": _fix_parser,
    "explain": _explain_parser,
}


def _validate(args: argparse.Namespace) -> None:
    """Paths and references the user named must exist and parse: bad usage, exit 2."""
    if args.workspace is not None and not args.workspace.is_dir():
        raise UsageError(t("--workspace: not a directory: {path}", path=args.workspace))
    if args.env_file is not None and not args.env_file.is_file():
        raise UsageError(t("--env-file: no such file: {path}", path=args.env_file))
    if args.image is not None:
        from tui.workspace.imageref import parse_image_ref

        try:
            parse_image_ref(args.image, "--image")
        except ValueError as exc:
            raise UsageError(f"--image: {exc}") from None


def options_from(args: argparse.Namespace) -> Options:
    """Options from parsed arguments (environment and clock are the real ones)."""
    _validate(args)
    return Options(
        env_file=args.env_file,
        workspace=args.workspace or Path.cwd(),
        codespaces_dir=args.codespaces_dir,
        image=args.image,
        offline=args.offline,
        timeout=args.timeout,
        no_daemon=args.no_daemon,
        no_github=args.no_github,
        repo=args.repo,
        insecure_registries=tuple(args.insecure_registries),
        daemon_pull=getattr(args, "daemon_pull", False),
        language=language(),  # as main() chose it: --lang, else the locale
    )


def run_check(args: argparse.Namespace) -> int:
    """`check`: every step headless; exit 0 without error findings, 1 with."""

    options = options_from(args)
    if args.demo:
        from tui.demo import demo_session

        with demo_session(options) as demo_options:
            return _check(args, demo_options)
    return _check(args, options)


def _check(args: argparse.Namespace, options: Options) -> int:
    from tui.checks.diagnosis import Diagnosis
    from tui.model import Severity

    global _redactor, _quick_exit
    diagnosis = Diagnosis(options)
    _redactor = diagnosis.redactor
    diagnosis.prime()
    diagnosis.run_all()
    if args.report is not None:
        from tui.report.markdown import render_markdown

        try:
            args.report.write_text(render_markdown(diagnosis), encoding="utf-8")
        except OSError as exc:
            raise UsageError(t("cannot write the report to {path}: {reason}", path=args.report,
                               reason=exc.strerror)) from None
    if args.json:
        from tui.report.json_report import render_json

        _write(render_json(diagnosis, ascii_only=not _can_encode(sys.stdout)) + "\n")
    else:
        from tui.report.text import render_text

        _write(render_text(diagnosis))
    _quick_exit = True
    return 1 if any(f.severity is Severity.ERROR for f in diagnosis.findings) else 0


def run_fix(args: argparse.Namespace) -> int:
    """`fix`: the checks, then the repairs (asked for, or --yes, or --dry-run)."""
    import getpass

    from tui.checks.diagnosis import Diagnosis
    from tui.repairs.command import Asking, exit_status, render_json
    from tui.repairs.command import run_fix as fix

    global _redactor
    options = options_from(args)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    asking = Asking(interactive, input, getpass.getpass)
    out = sys.stderr if args.json else sys.stdout
    with contextlib.ExitStack() as stack:
        if args.demo:
            from tui.demo import demo_session

            options = stack.enter_context(demo_session(options))
        diagnosis = Diagnosis(options)
        _redactor = diagnosis.redactor
        done = fix(diagnosis, out, asking, dry_run=args.dry_run, yes=args.yes)
    if args.json:
        _write(render_json(done) + "\n")
    return exit_status(done)


def run_explain(args: argparse.Namespace) -> int:
    """`explain CODE`: the catalogue entry; without a code, the list of codes."""
    from tui.report.explain import explain_text, list_text, suggest

    if not args.code:
        _write(list_text())
        return 0
    text = explain_text(args.code)
    if text is None:
        hint = suggest(args.code)
        if hint:
            raise UsageError(t("unknown finding code {code}; did you mean {hint}?",
                               code=repr(args.code), hint=hint))
        raise UsageError(t("unknown finding code {code}; `registry-doctor explain` lists them",
                           code=repr(args.code)))
    _write(text)
    return 0


def run_wizard(args: argparse.Namespace) -> int:
    """The interactive wizard (Textual)."""
    from tui.app import leave_now
    from tui.app import run_wizard as start

    code = start(options_from(args), demo=args.demo)
    leave_now(code)  # quitting never waits for a running step
    return code


ASCII_MARKS = str.maketrans({
    "✓": "ok", "✗": "x", "•": "*", "␠": "<sp>", "⏎": "<lf>", "⇥": "<tab>", "␍": "<cr>",
    "—": "-", "–": "-", "⋯": "...", "→": "->", "·": "|", "…": "...",
    "“": '"', "”": '"', "‘": "'", "’": "'",
})
"""Readable stand-ins for the marks, on a terminal that cannot show them."""


def _can_encode(stream, sample: str = "✓✗•␠⏎—→") -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _write(text: str) -> None:
    """Write to stdout, with ASCII stand-ins for the marks where the terminal needs them."""
    if not _can_encode(sys.stdout):
        text = text.translate(ASCII_MARKS)
    sys.stdout.write(text)


def _tolerate_narrow_encodings() -> None:
    """On an ASCII or Latin-1 terminal, print `?` for what still cannot be shown (never fail)."""
    for stream in (sys.stdout, sys.stderr):
        if not _can_encode(stream):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `registry-doctor` console script and `python -m tui`."""
    _tolerate_narrow_encodings()
    argv = list(sys.argv[1:] if argv is None else argv)
    import os

    set_language(choose_language(_lang_argument(argv), os.environ))
    command = argv[0] if argv and argv[0] in COMMANDS[1:] else "wizard"
    rest = argv[1:] if command != "wizard" else argv
    try:
        args = build_parser(command).parse_args(rest)
        if command == "check":
            return run_check(args)
        if command == "explain":
            return run_explain(args)
        if command == "fix":
            return run_fix(args)
        return run_wizard(args)
    except UsageError as exc:
        print(t("{prog}: error: {message}", prog=PROG, message=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t("{prog}: interrupted", prog=PROG), file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: one line, exit 2
        print(t("{prog}: internal error: {kind}: {message}", prog=PROG,
                kind=type(exc).__name__, message=_safe(exc)), file=sys.stderr)
        return 2


def console() -> None:
    """The `registry-doctor` command: `main()`; after a `check`, whose work is all done and
    written by then, the process ends without tearing the interpreter down (freeing every
    module and object is ~23M instructions, a tenth of a healthy check) and without waiting
    for a probe thread left behind. Other commands exit as usual (the wizard's terminal)."""
    status = main()
    if _quick_exit:
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed pipe: nothing more to say
                stream.flush()
        os._exit(status)
    sys.exit(status)


def _lang_argument(argv: Sequence[str]) -> str | None:
    """The value of `--lang` before the parsers exist (their help is in that language)."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _safe(exc: BaseException) -> str:
    """An exception message with known secrets and token-like strings masked, on one line."""
    from tui.redact import scrub_tokens

    text = str(exc)
    if _redactor is not None:
        text = _redactor(text)
    return scrub_tokens(text).replace("\n", " ")[:300]
