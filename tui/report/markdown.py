"""The redacted Markdown report to share (`check --report`, the wizard's export), in the
current language (codes, names, values and commands stay as they are)."""

from __future__ import annotations

from tui import __version__
from tui.checks.diagnosis import Diagnosis
from tui.i18n import _, ngettext, t
from tui.model import STEP_IDS, STEP_TITLES
from tui.report.actors import actor_name, actor_title, by_actor, message
from tui.report.json_report import secret_set_json
from tui.report.summary import SEVERITY_MARK, STATUS_MARK, verdict
from tui.report.text import daemon_state, stage_label, yes_no


def _row(*cells: str) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def status_word(status: str) -> str:
    """A step's status as a word in the current language (`pass`, `fail`, …)."""
    words = {"pass": _("pass"), "fail": _("fail"), "warn": _("warn"), "skip": _("skip")}
    return words.get(status, status)


def _cell(text: object) -> str:
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def _github(diagnosis: Diagnosis, cell) -> list[str]:
    """What GitHub's API said (the GitHub step's facts), when it was asked."""
    facts = diagnosis.handoff.github_facts
    if facts is None:
        return []
    out = ["", "## " + _("What GitHub holds"), ""]
    repo = facts.repo
    if repo is not None:
        traits = [cell(repo.visibility)] + ([_("a fork")] if repo.fork else []) + (
            [] if repo.push is None else [_("you may push") if repo.push
                                          else _("no write access")])
        out.append(t("Repository {repo}: {traits}.", repo=cell(repo.full_name),
                     traits=_(", ").join(traits)))
    if facts.codespace is not None and facts.codespace.last_used_at is not None:
        started = facts.codespace.last_used_at.strftime("%Y-%m-%d %H:%M UTC")
        out.append(t("The codespace last started {time}.", time=started))
    out.append(ngettext("{count} request in {seconds} s.", "{count} requests in {seconds} s.",
                        facts.calls).format(count=facts.calls, seconds=f"{facts.seconds:.2f}"))
    if facts.secrets:
        out += ["", _row(_("Set"), _("Secret"), _("Level"), _("Visibility"), _("Granted here"),
                         _("Last changed")), "|---|---|---|---|---|---|"]
        unknown = _("unknown")
        for prefix, items in facts.sets().items():
            for item in items:
                granted = {True: _("yes"), False: _("no"), None: unknown}[item.granted]
                changed = (item.updated_at.strftime("%Y-%m-%d %H:%M UTC")
                           if item.updated_at else unknown)
                level = f"{item.level} {item.owner}".strip()
                out.append(f"| {cell(prefix or _('(none)'))} | `{cell(item.name)}` "
                           f"| {cell(level)} | {cell(item.visibility or _('this repository'))} "
                           f"| {granted} | {changed} |")
    if facts.packages:
        out += ["", _row(_("Image"), _("Package visibility"), _("Linked repository"),
                         _("Its visibility")), "|---|---|---|---|"]
        out += [f"| `{cell(p.image)}` | {cell(p.visibility or _('not seen'))} "
                f"| {cell(p.repository)} | {cell(p.repository_visibility)} |"
                for p in facts.packages]
    if facts.unasked:
        out += [""] + ["- " + t("Not asked: {question} — {reason}", question=cell(u.question),
                                reason=cell(u.reason)) for u in facts.unasked]
    return out


def _fixes(diagnosis: Diagnosis) -> list[str]:
    """The fixes in order, grouped by who makes them; a message to paste for each other
    person (never a secret: the whole report passes the redactor)."""
    fixes = diagnosis.fixes_in_order()
    out = ["", "## " + _("Fixes, in order, by who makes them"), ""]
    if not fixes:
        return [*out, _("Nothing to fix.")]
    number = 0
    for actor, items in by_actor(fixes):
        out += [f"### {actor_title(actor)}", ""]
        for item in items:
            number += 1
            code = f"**{item.code}**"
            head = t("{code} (the cause)", code=code) if item.lead else code
            out.append(f"{number}. {head} — {item.fix}")
        if actor != "you":
            text = message(actor, items, diagnosis.context.repository)
            out += ["", t("Message to paste to {actor}:", actor=actor_name(actor)), "",
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
        "# " + _("registry-doctor report"),
        "",
        f"registry-doctor {__version__}. **{outcome.sentence}**",
        "",
        "## " + _("Context"),
        "",
        "| | |",
        "|---|---|",
        _row("Codespace", yes_no(ctx.codespace)),
        _row(_("Recovery container"), yes_no(ctx.recovery)),
        _row(_("Repository"), cell(ctx.repository)),
        _row(_("Docker daemon"), cell(daemon_state(ctx.docker_daemon))),
        _row("devcontainer", cell(ctx.devcontainer)),
        "",
        "## " + _("Images"),
        "",
    ]
    if ctx.images:
        out += [_row(_("Image"), _("Registry"), _("Found in")), "|---|---|---|"]
        out += [f"| `{cell(i.ref)}` | {cell(i.host)} | {cell(i.source)} |" for i in ctx.images]
    else:
        out.append(_("None found."))
    out += ["", "## " + _("Secret sets"), ""]
    if diagnosis.secret_sets:
        out += [
            _row(_("Identifier"), _("Kind"), _("Server"), _("User"), _("Password"), _("Source")),
            "|---|---|---|---|---|---|",
        ]
        for item in diagnosis.secret_sets:
            data = secret_set_json(item)
            shown = item.secret.masked() if item.secret else _("missing")
            out.append(
                f"| {cell(data['prefix'])} | {data['kind']} | `{cell(data['server'])}` "
                f"| `{cell(data['user'])}` | {shown} | {data['source']} |"
            )
    else:
        out.append(_("None found."))
    out += ["", "## " + _("Steps"), "", _row(_("Step"), _("Status"), _("Seconds"), _("Note")),
            "|---|---|---|---|"]
    for step in STEP_IDS:
        result = diagnosis.results.get(step)
        if result is not None:
            out.append(
                f"| {_(STEP_TITLES[step])} | {STATUS_MARK[result.status]} "
                f"{status_word(result.status)} | {result.seconds:.2f} "
                f"| {cell(result.note or '')} |"
            )
    proofs = [(step, ladder) for step in STEP_IDS if step in diagnosis.results
              for ladder in diagnosis.results[step].ladders]
    if proofs:
        out += ["", "## " + _("What the network steps proved"), "",
                _row(_("Step"), _("Subject"), _("Stages"), _("Proved (or where it stopped)")),
                "|---|---|---|---|"]
        for step, ladder in proofs:
            stages = " → ".join(f"{stage_label(r.stage)} {STATUS_MARK[r.status]}"
                                for r in ladder.rungs) or "—"
            said = _("; ").join(f"{stage_label(r.stage)}: {r.note}" for r in ladder.rungs
                                if r.note) or ladder.note or _("nothing probed")
            out.append(f"| {_(STEP_TITLES[step])} | {cell(ladder.subject)} | {stages} "
                       f"| {cell(said)} |")
    out += _github(diagnosis, cell)
    out += _fixes(diagnosis)
    out += ["", "## " + _("Findings"), ""]
    for found in diagnosis.findings:
        about = ", ".join(x for x in (found.secret_set, found.image, found.stage) if x)
        mark = SEVERITY_MARK[found.severity]
        fields = {"severity": _(found.severity.value), "step": found.step,
                  "actor": actor_name(found.actor)}
        said = (t("{severity}, {step}, the cause; {actor}", **fields) if found.lead
                else t("{severity}, {step}; {actor}", **fields))
        out += [
            f"### {mark} {found.code} ({said})" + (f" — {about}" if about else ""),
            "",
            f"**{found.title}**",
            "",
            found.detail,
            "",
            t("Fix: {fix}", fix=found.fix),
            "",
        ]
    if not diagnosis.findings:
        out.append(_("No findings."))
    return diagnosis.redactor.guard("\n".join(out).rstrip() + "\n")
