"""The `check --json` report, schema 3 (SPEC: JSON report; ../shared/report.schema.json)."""

from __future__ import annotations

import json

from tui import __version__
from tui.aws.formats import is_access_key_id, is_secret_access_key, short_key
from tui.checks.diagnosis import Diagnosis
from tui.i18n import language
from tui.model import STEP_IDS, Finding, Secret, SecretSet, Severity, StepResult, Variable
from tui.steps import BY_ID

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 3
_USER_TOO_LONG = 128


def shown_user(variable: Variable | None) -> str | None:
    """The USER value as it may be shown: masked when it looks like a secret (swapped fields)."""
    if variable is None:
        return None
    text = variable.text
    if is_secret_access_key(text.strip()) or len(text) > _USER_TOO_LONG:
        return Secret(text).masked()
    if is_access_key_id(text.strip()):
        return short_key(text.strip())
    return text


def secret_set_json(item: SecretSet) -> dict[str, Any]:
    """One entry of `secret_sets`: the password only as presence, length and kind."""
    secret = item.secret
    return {
        "prefix": item.prefix,
        "kind": item.kind,
        "server": item.server.text if item.server else None,
        "user": shown_user(item.user),
        "password": {
            "present": secret is not None,
            "length": secret.length if secret else 0,
            "kind": secret.kind if secret else None,
        },
        "source": item.source,
    }


def step_json(result: StepResult) -> dict[str, Any]:
    """One entry of `steps`: status, time, why it was skipped, and what it proved."""
    data: dict[str, Any] = {
        "id": result.id,
        "status": result.status,
        "seconds": result.seconds,
        "reason": (result.note or None) if result.status == "skip" else None,
    }
    if result.ladders or (BY_ID[result.id].network and result.status != "skip"):
        data["ladders"] = [ladder.to_json() for ladder in result.ladders]
    return data


def finding_json(item: Finding, diagnosis: Diagnosis) -> dict[str, Any]:
    """One entry of `findings`, with `repair`: what `fix` would do (None: hand-over only)."""
    from tui.repairs.plan import describe

    return {**item.to_json(), "repair": describe(item, diagnosis)}


def build_report(diagnosis: Diagnosis) -> dict[str, Any]:
    """The schema-3 report as a dict."""
    ctx = diagnosis.context
    findings = diagnosis.findings
    first = diagnosis.first_fix()
    report: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "registry-doctor", "version": __version__},
        "language": language(),
        "context": {
            "codespace": ctx.codespace,
            "recovery": ctx.recovery,
            "repository": ctx.repository,
            "docker_daemon": ctx.docker_daemon,
            "workspace": ctx.workspace,
        },
        "images": [
            {"ref": image.ref, "host": image.host, "source": image.source} for image in ctx.images
        ],
        "secret_sets": [secret_set_json(item) for item in diagnosis.secret_sets],
        "steps": [step_json(diagnosis.results[step]) for step in STEP_IDS
                  if step in diagnosis.results],
        "findings": [finding_json(item, diagnosis) for item in findings],
        "summary": {
            "errors": sum(f.severity is Severity.ERROR for f in findings),
            "warnings": sum(f.severity is Severity.WARNING for f in findings),
            "first": first.code if first is not None else None,
        },
    }
    facts = diagnosis.handoff.github_facts
    if facts is not None:
        from tui.report.github_json import github_json

        report["github"] = github_json(facts)
    return report


def render_json(diagnosis: Diagnosis, ascii_only: bool = False) -> str:
    """The report as JSON text: every string value redacted, then the whole text guarded."""
    redactor = diagnosis.redactor
    report = redactor.values(build_report(diagnosis))
    text = json.dumps(report, indent=2, ensure_ascii=ascii_only)
    return redactor.guard(text)
