"""Step 6: AWS ECR: identity, rights checked and the least-privilege policy (or why n/a)."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.checks.ecr_format import key_kind, parse_ecr_host

NOT_APPLICABLE = (
    "Not applicable: no secret set names an ECR registry "
    "(<account>.dkr.ecr.<region>.amazonaws.com). This step checks AWS keys and the rights "
    "a pull needs (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) "
    "only for ECR sets."
)
KEY_MODES = {
    "token": "registry token (USER is AWS; lasts 12 hours at most)",
    "long-lived": "access key (GitHub swaps it for a registry token at each start)",
    "temporary": "temporary key (needs a session token no secret carries)",
    "unknown": "neither an access key id nor AWS",
}


LABELS = {
    "mode": "Checked as",
    "identity_arn": "Identity",
    "identity_account": "Identity account",
    "token_ok": "Registry token",
    "token_expires": "Token expires",
    "actions": "Rights checked",
    "repositories": "Repositories",
    "proxy_endpoint": "Endpoint",
    "probe": "Login and pull",
    "notes": "Notes",
}
"""Row labels for the fields of the ECR step's per-set result (`data["ecr"][prefix]`)."""

SKIPPED = frozenset({"prefix", "host", "region", "registry_account", "policy"})
"""Fields shown elsewhere on the card (or, for the policy, at its end)."""


def shown_value(name: str, value: Any) -> str:
    """One field of the ECR result as text (rights one per line)."""
    if isinstance(value, bool):
        if name == "token_ok":
            return "issued" if value else "refused"
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {state}" for key, state in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(str(part) for part in value)
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes")
    return str(value)


def ecr_policy_module() -> Any | None:
    """`tui.checks.ecr_policy` when it is installed (imported lazily), else None."""
    try:
        return importlib.import_module("tui.checks.ecr_policy")
    except ImportError:
        return None


def as_mapping(value: Any) -> dict[str, Any]:
    """A dataclass or mapping as a plain dict (anything else: empty)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return dict(value) if isinstance(value, dict) else {}


class EcrScreen(StepScreen):
    """Per ECR set: key mode, identity, rights, and the policy to attach."""

    step = "ecr"
    intro = (
        "For AWS ECR, GitHub either swaps an access key for a registry token (which needs IAM "
        "rights) or uses a registry token directly (USER = AWS)."
    )

    def ecr_sets(self) -> list:
        """The secret sets whose kind is `ecr`."""
        return [s for s in self.diagnosis.secret_sets if s.kind == "ecr"]

    def body(self) -> list[Widget]:
        widgets = super().body()
        if not self.ecr_sets():
            widgets.insert(1, Static(Text(NOT_APPLICABLE), classes="facts"))
        return widgets

    def details(self) -> list[Widget]:
        return [Static(self.describe(item), classes="facts") for item in self.ecr_sets()]

    def describe(self, item) -> Table:
        """What is known about one ECR set."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("Set", Text(item.prefix))
        host = item.host or (item.server.text.strip() if item.server else "")
        registry = parse_ecr_host(host) if host else None
        grid.add_row("Registry", Text(host or "missing"))
        if registry is not None:
            grid.add_row("Account / region", Text(f"{registry.account} / {registry.region}"))
        if item.user is not None:
            grid.add_row("Key mode", Text(KEY_MODES[key_kind(item.user.text.strip())]))
        known = as_mapping(self.diagnosis.data.get("ecr", {}).get(item.prefix))
        policy = known.get("policy")
        for name, value in known.items():
            if name in SKIPPED or value in (None, "", [], {}):
                continue
            grid.add_row(LABELS.get(name, name.replace("_", " ").capitalize()),
                         Text(shown_value(name, value)))
        if policy is None and registry is not None:
            policy = self.policy_for(registry, host)
        if isinstance(policy, str) and policy:
            grid.add_row("Least-privilege policy", Text(policy))
        return grid

    def policy_for(self, registry, host: str) -> str | None:
        """The policy from `tui.checks.ecr_policy` for this registry's first image, if any."""
        module = ecr_policy_module()
        builder = getattr(module, "policy_json", None) if module else None
        if builder is None:
            return None
        repos = [i.repository for i in self.diagnosis.context.images if i.host == host]
        try:
            return str(builder(registry.region, registry.account, repos[0] if repos else "*"))
        except Exception:  # the policy builder is optional on this screen
            return None
