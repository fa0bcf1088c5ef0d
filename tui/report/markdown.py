"""The redacted Markdown report to share (`check --report`, the wizard's export)."""

from __future__ import annotations

from tui import __version__
from tui.checks.diagnosis import Diagnosis
from tui.model import STEP_IDS, STEP_TITLES
from tui.report.actors import ACTOR_TITLES, by_actor, message
from tui.report.json_report import secret_set_json
from tui.report.summary import SEVERITY_MARK, STATUS_MARK, verdict
from tui.steps import STAGE_LABELS


def _cell(text: object) -> str:
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def _github(diagnosis: Diagnosis, cell) -> list[str]:
    """What GitHub's API said (the GitHub step's facts), when it was asked."""
    facts = diagnosis.handoff.github_facts
    if facts is None:
        return []
    out = ["", "## What GitHub holds", ""]
    repo = facts.repo
    if repo is not None:
        out.append(f"Repository {cell(repo.full_name)}: {cell(repo.visibility)}"
                   + (", a fork" if repo.fork else "")
                   + ("" if repo.push is None else
                      (", you may push" if repo.push else ", no write access")) + ".")
    if facts.codespace is not None and facts.codespace.last_used_at is not None:
        started = facts.codespace.last_used_at.strftime("%Y-%m-%d %H:%M UTC")
        out.append(f"The codespace last started {started}.")
    out.append(f"{facts.calls} requests in {facts.seconds:.2f} s.")
    if facts.secrets:
        out += ["", "| Set | Secret | Level | Visibility | Granted here | Last changed |",
                "|---|---|---|---|---|---|"]
        for prefix, items in facts.sets().items():
            for item in items:
                granted = {True: "yes", False: "no", None: "unknown"}[item.granted]
                changed = (item.updated_at.strftime("%Y-%m-%d %H:%M UTC")
                           if item.updated_at else "unknown")
                level = f"{item.level} {item.owner}".strip()
                out.append(f"| {cell(prefix or '(none)')} | `{cell(item.name)}` | {cell(level)} "
                           f"| {cell(item.visibility or 'this repository')} | {granted} "
                           f"| {changed} |")
    if facts.packages:
        out += ["", "| Image | Package visibility | Linked repository | Its visibility |",
                "|---|---|---|---|"]
        out += [f"| `{cell(p.image)}` | {cell(p.visibility or 'not seen')} "
                f"| {cell(p.repository)} | {cell(p.repository_visibility)} |"
                for p in facts.packages]
    if facts.unasked:
        out += [""] + [f"- Not asked: {cell(u.question)} — {cell(u.reason)}"
                       for u in facts.unasked]
    return out


def _fixes(diagnosis: Diagnosis) -> list[str]:
    """The fixes in order, grouped by who makes them; a message to paste for each other
    person (never a secret: the whole report passes the redactor)."""
    fixes = diagnosis.fixes_in_order()
    out = ["", "## Fixes, in order, by who makes them", ""]
    if not fixes:
        return [*out, "Nothing to fix."]
    number = 0
    for actor, items in by_actor(fixes):
        out += [f"### {ACTOR_TITLES[actor]}", ""]
        for item in items:
            number += 1
            lead = " (the cause)" if item.lead else ""
            out.append(f"{number}. **{item.code}**{lead} — {item.fix}")
        if actor != "you":
            text = message(actor, items, diagnosis.context.repository)
            out += ["", f"Message to paste to {ACTOR_TITLES[actor].lower()}:", "",
                    *("> " + line if line else ">" for line in text.splitlines())]
        out.append("")
    return out[:-1]


def render_markdown(diagnosis: Diagnosis) -> str:
    """The report as Markdown: context, images, secret sets, steps, fixes in order, findings."""
    ctx = diagnosis.context

    def cell(text: object) -> str:
        return _cell(None if text is None else diagnosis.redactor(str(text)))

    outcome = verdict(diagnosis)
    out = [
        "# registry-doctor report",
        "",
        f"registry-doctor {__version__}. **{outcome.sentence}**",
        "",
        "## Context",
        "",
        "| | |",
        "|---|---|",
        f"| Codespace | {'yes' if ctx.codespace else 'no'} |",
        f"| Recovery container | {'yes' if ctx.recovery else 'no'} |",
        f"| Repository | {cell(ctx.repository)} |",
        f"| Docker daemon | {cell(ctx.docker_daemon)} |",
        f"| devcontainer | {cell(ctx.devcontainer)} |",
        "",
        "## Images",
        "",
    ]
    if ctx.images:
        out += ["| Image | Registry | Found in |", "|---|---|---|"]
        out += [f"| `{cell(i.ref)}` | {cell(i.host)} | {cell(i.source)} |" for i in ctx.images]
    else:
        out.append("None found.")
    out += ["", "## Secret sets", ""]
    if diagnosis.secret_sets:
        out += [
            "| Identifier | Kind | Server | User | Password | Source |",
            "|---|---|---|---|---|---|",
        ]
        for item in diagnosis.secret_sets:
            data = secret_set_json(item)
            shown = item.secret.masked() if item.secret else "missing"
            out.append(
                f"| {cell(data['prefix'])} | {data['kind']} | `{cell(data['server'])}` "
                f"| `{cell(data['user'])}` | {shown} | {data['source']} |"
            )
    else:
        out.append("None found.")
    out += ["", "## Steps", "", "| Step | Status | Seconds | Note |", "|---|---|---|---|"]
    for step in STEP_IDS:
        result = diagnosis.results.get(step)
        if result is not None:
            out.append(
                f"| {STEP_TITLES[step]} | {STATUS_MARK[result.status]} {result.status} "
                f"| {result.seconds:.2f} | {cell(result.note or '')} |"
            )
    proofs = [(step, ladder) for step in STEP_IDS if step in diagnosis.results
              for ladder in diagnosis.results[step].ladders]
    if proofs:
        out += ["", "## What the network steps proved", "",
                "| Step | Subject | Stages | Proved (or where it stopped) |", "|---|---|---|---|"]
        for step, ladder in proofs:
            stages = " → ".join(
                f"{STAGE_LABELS.get(r.stage, r.stage)} {STATUS_MARK[r.status]}"
                for r in ladder.rungs
            ) or "—"
            said = "; ".join(f"{STAGE_LABELS.get(r.stage, r.stage)}: {r.note}"
                             for r in ladder.rungs if r.note) or ladder.note or "nothing probed"
            out.append(f"| {STEP_TITLES[step]} | {cell(ladder.subject)} | {stages} "
                       f"| {cell(said)} |")
    out += _github(diagnosis, cell)
    out += _fixes(diagnosis)
    out += ["", "## Findings", ""]
    for found in diagnosis.findings:
        about = ", ".join(x for x in (found.secret_set, found.image, found.stage) if x)
        mark = SEVERITY_MARK[found.severity]
        lead = ", the cause" if found.lead else ""
        out += [
            f"### {mark} {found.code} ({found.severity.value}, {found.step}{lead}; "
            f"{ACTOR_TITLES[found.actor].lower()})" + (f" — {about}" if about else ""),
            "",
            f"**{found.title}**",
            "",
            found.detail,
            "",
            f"Fix: {found.fix}",
            "",
        ]
    if not diagnosis.findings:
        out.append("No findings.")
    return diagnosis.redactor.guard("\n".join(out).rstrip() + "\n")
