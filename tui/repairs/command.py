"""`registry-doctor fix`: run the checks, list the repairs, ask before each, make them.

Plain text on a stream (stderr with `--json`, whose JSON alone goes to stdout). Typed values
are read without echo (`getpass`) and live in memory only. After repairs the GitHub step
runs again to confirm them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from tui.checks.diagnosis import Diagnosis
from tui.i18n import _, language, ngettext, t
from tui.model import Secret
from tui.record import field, record
from tui.repairs import journal
from tui.repairs.apply import Outcome, apply_repair
from tui.repairs.model import Repair
from tui.repairs.plan import plan


@record
class Asking:
    """How `fix` talks to the user (replaceable in tests)."""

    interactive: bool
    confirm: Callable[[str], str] = input
    secret: Callable[[str], str] = field(default=input)


@record
class Done:
    """One repair's row of `fix --json`."""

    repair: Repair
    status: str
    message: str = ""

    def to_json(self) -> dict[str, object]:
        return {"code": self.repair.code, "action": self.repair.action,
                "target": list(self.repair.target), "status": self.status,
                "requests": list(self.repair.requests), "undo": list(self.repair.undo),
                "message": self.message}


def run_fix(diagnosis: Diagnosis, out: TextIO, asking: Asking, *, dry_run: bool,
            yes: bool, steps: tuple[str, ...] | None = None) -> list[Done]:
    """The whole `fix`: checks, plan, questions, repairs, journal, the GitHub step again."""
    diagnosis.prime()
    if steps is None:
        diagnosis.run_all()
    else:
        diagnosis.run_all(steps)
    repairs = plan(diagnosis)
    say = _sayer(out, diagnosis)
    if not repairs:
        github = diagnosis.results.get("github")
        if diagnosis.handoff.github_facts is None and github is not None:
            say(t("No repair: the GitHub step did not ask GitHub ({reason}), and every repair "
                  "needs its answers. Give it a token that can: `gh auth login -s codespace`, "
                  "then `GH_TOKEN=$(gh auth token) registry-doctor fix`.",
                  reason=github.note or github.status))
        else:
            say(_("No repair registry-doctor can make: the findings' fixes are for you to make "
                  "(`registry-doctor check` lists them)."))
        return []
    count = len(repairs)
    if dry_run:
        say(ngettext("{count} repair (dry run: nothing is changed):",
                     "{count} repairs (dry run: nothing is changed):", count).format(count=count))
    else:
        say(ngettext("{count} repair:", "{count} repairs:", count).format(count=count))
    client = None if dry_run else open_client(diagnosis, repairs)
    done: list[Done] = []
    try:
        for number, repair in enumerate(repairs, 1):
            _show(say, number, repair)
            row = _one(repair, diagnosis, client, asking, dry_run=dry_run, yes=yes)
            status = status_word(row.status)
            say(f"   → {status}: {row.message}" if row.message else f"   → {status}")
            if row.status not in ("dry-run", "declined"):
                journal.record(diagnosis.options.environ, repair, row.status, row.message)
            done.append(row)
    finally:
        if client is not None:
            client.close()
    if any(d.status == "applied" for d in done):
        _confirm(diagnosis, say)
    return done


def _one(repair: Repair, diagnosis: Diagnosis, client, asking: Asking, *, dry_run: bool,
         yes: bool) -> Done:
    if dry_run:
        return Done(repair, "dry-run")
    if repair.typed and not asking.interactive:
        return Done(repair, "skipped",
                    _("it needs values typed at a terminal, and there is none"))
    if not (yes and not repair.typed):
        if not asking.interactive:
            return Done(repair, "skipped", _("no terminal to ask on (`--yes` makes the repairs "
                                             "that need no typed value)"))
        answer = asking.confirm("   " + _("Make this repair? [y/N] ")).strip().lower()
        if answer not in ("y", "yes"):
            return Done(repair, "declined")
    typed: dict[str, Secret] = {}
    for name in repair.typed:
        value = asking.secret("   " + t("{name} (not shown): ", name=name)).strip()
        if value:
            typed[name] = Secret(value)
            diagnosis.redactor.add(typed[name])
    outcome: Outcome = apply_repair(repair, diagnosis, client, typed)
    return Done(repair, outcome.status, diagnosis.redactor(outcome.message))


def open_client(diagnosis: Diagnosis, repairs: list[Repair]):
    """A GitHub client with the GitHub step's token, bounded for these repairs' requests
    (None without a token)."""
    access = diagnosis.handoff.github
    if access is None or access.token is None:
        return None
    from tui.github.api import GithubClient

    count = sum(len(r.requests) for r in repairs)
    timeout = diagnosis.options.timeout
    return GithubClient.open(access.api_url, access.token, diagnosis.options,
                             total=timeout * (2 + count))


def _show(say: Callable[[str], None], number: int, repair: Repair) -> None:
    say(f"{number}. [{repair.code}] {repair.summary}")
    for request in repair.requests:
        say(f"     {request}")
    say("   " + t("needs: {needs}", needs=repair.needs))
    say("   " + t("undo: {undo}", undo=_("; ").join(repair.undo)))


def _confirm(diagnosis: Diagnosis, say: Callable[[str], None]) -> None:
    """The GitHub step again, and when the secrets reach the codespace."""
    result = diagnosis.run_step("github")
    left = [f.code for f in result.findings]
    if left:
        say(t("GitHub step again: {status} ({codes})", status=status_word(result.status),
              codes=_(", ").join(left)))
    else:
        say(t("GitHub step again: {status}: the secrets are granted and named right",
              status=status_word(result.status)))
    name = diagnosis.context.codespace_name or diagnosis.options.environ.get(
        "CODESPACE_NAME") or "NAME"
    say(t("The secrets reach the codespace when it next starts: `gh codespace stop -c {name}`, "
          "then open it again.", name=name))


def status_word(status: str) -> str:
    """A repair's or step's status as a word in the current language (JSON keeps the code)."""
    words = {"applied": _("applied"), "failed": _("failed"), "not-allowed": _("not allowed"),
             "skipped": _("skipped"), "declined": _("declined"), "dry-run": _("dry run"),
             "pass": _("pass"), "fail": _("fail"), "warn": _("warn"), "skip": _("skip")}
    if language() == "en":
        return status  # the codes, as before
    return words.get(status, status)


def _sayer(out: TextIO, diagnosis: Diagnosis) -> Callable[[str], None]:
    def say(text: str) -> None:
        out.write(diagnosis.redactor(text) + "\n")
        out.flush()

    return say


def render_json(done: list[Done]) -> str:
    """`fix --json`: schema 3, one row per repair."""
    return json.dumps({"schema": 3, "repairs": [d.to_json() for d in done]},
                      ensure_ascii=False, indent=2)


def exit_status(done: list[Done]) -> int:
    """0 when every chosen repair was applied (or a dry run), 1 otherwise."""
    return 0 if all(d.status in ("applied", "dry-run", "declined") for d in done) else 1
