"""The names-and-values step: names off the pattern, split sets, values and image coverage.

Offline only, except the optional anonymous-pull hook of the coverage check (skipped offline).
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.checks.secrets import effective_variables, ensure_secret_sets, mismatch_groups
from tui.i18n import _, ngettext, t
from tui.model import Finding, SecretSet, Variable
from tui.registry.coverage import check_images
from tui.secretsets import fixes
from tui.secretsets.patterns import FIELDS, near_miss, parse_canonical
from tui.secretsets.servers import PREFIX_BY_KIND, parse_server
from tui.secretsets.values import check_set, clean


def _guess_prefix(variables: dict[str, Variable], sets: list[SecretSet]) -> str:
    """An identifier to suggest for names that have none."""
    if len(sets) == 1:
        return sets[0].prefix
    for name in ("CONTAINER_REGISTRY_SERVER",):
        server = variables.get(name)
        if server is not None and clean(server.text):
            kind = parse_server(clean(server.text)).kind
            return PREFIX_BY_KIND.get(kind, "REGISTRY")
    return "REGISTRY"


def name_findings(variables: dict[str, Variable], sets: list[SecretSet],
                  where: fixes.Where) -> list[Finding]:
    """SECRET_NAME_MISSPELLED per near miss, SECRET_PREFIX_MISSING for identifier-less names."""
    found: list[Finding] = []
    guess = _guess_prefix(variables, sets)
    bare = [v for v in variables.values()
            if (c := parse_canonical(v.name)) is not None and c.prefix is None]
    if bare:
        renames = [(v, f"{guess}_{v.name}") for v in bare]
        found.append(finding(
            "SECRET_PREFIX_MISSING",
            detail=ngettext(
                "{names} has no identifier before `CONTAINER_REGISTRY_`, so they do not match "
                "`<*>_CONTAINER_REGISTRY_*`.",
                "{names} have no identifier before `CONTAINER_REGISTRY_`, so they do not match "
                "`<*>_CONTAINER_REGISTRY_*`.", len(bare),
            ).format(names=", ".join(f"`{v.name}`" for v in bare)),
            fix=fixes.rename_secrets([(v.name, new) for v, new in renames], where,
                                     source=renames[0][0].source),
            secret_set=guess,
        ))
    for variable in variables.values():
        miss = near_miss(variable.name)
        if miss is None:
            continue
        intended = miss.intended(guess)
        exists = intended in variables
        also = (" " + t("`{intended}` also exists; the old name is ignored and can go.",
                        intended=intended) if exists else "")
        fix = (t("Delete the old name: `{delete}` (check with `{list}`), then run "
                 "`registry-doctor check` again.", delete=fixes.gh_secret_delete(variable.name),
                 list=fixes.gh_secret_list())
               if exists and variable.source != "env-file"
               else fixes.rename_secret(variable.name, intended, where, source=variable.source))
        found.append(finding(
            "SECRET_NAME_MISSPELLED",
            detail=t("`{name}` ({source}) is off the pattern: {reasons}. It was probably meant to "
                     "be `{intended}`.", name=variable.name, source=variable.source,
                     reasons="; ".join(miss.reasons),
                     intended=intended) + also,
            fix=fix,
            secret_set=miss.prefix or guess,
        ))
    return found


def prefix_mismatch_findings(sets: list[SecretSet], where: fixes.Where) -> list[Finding]:
    """SECRET_PREFIX_MISMATCH: partial sets that together make one set."""
    found = []
    for group in mismatch_groups(sets):
        base = group[0]
        renames = [
            (variable, f"{base.prefix}_CONTAINER_REGISTRY_{field}")
            for other in group[1:] for field in FIELDS
            if (variable := getattr(other, field.lower())) is not None
        ]
        found.append(finding(
            "SECRET_PREFIX_MISMATCH",
            detail=t("These partial sets make one set together, but their identifiers differ: "
                     "{sets}. Use one identifier, `{prefix}`.", prefix=base.prefix,
                     sets="; ".join(t("`{prefix}` has {fields}", prefix=s.prefix, fields=", ".join(
                         f for f in FIELDS if getattr(s, f.lower()) is not None))
                         for s in group)),
            fix=fixes.rename_secrets([(v.name, new) for v, new in renames], where,
                                     source=renames[0][0].source),
            secret_set=base.prefix,
        ))
    return found


def duplicate_findings(sets: list[SecretSet], where: fixes.Where) -> list[Finding]:
    """SECRET_SERVER_DUPLICATE: two sets name the same registry."""
    by_host: dict[str, list[SecretSet]] = {}
    for secret_set in sets:
        if secret_set.host:
            by_host.setdefault(secret_set.host, []).append(secret_set)
    found = []
    for host, group in by_host.items():
        if len(group) < 2:
            continue
        keep, *others = group
        listed = ", ".join(f"`{s.prefix}`" for s in group)
        passwords = ", ".join(f"`{s.prefix}` {s.secret.masked() if s.secret else _('none')}"
                              for s in group)
        found.append(finding(
            "SECRET_SERVER_DUPLICATE",
            detail=(t("Sets {sets} both name `{host}`; only one set's credentials are used, and "
                      "which is not defined. Passwords: {passwords}.", sets=listed, host=host,
                      passwords=passwords) if len(group) == 2 else
                    t("Sets {sets} all name `{host}`; only one set's credentials are used, and "
                      "which is not defined. Passwords: {passwords}.", sets=listed, host=host,
                      passwords=passwords)),
            fix=t("Keep one set (say `{keep}`) and delete the others: {deletes} (check with "
                  "`{list}`), then stop and start the codespace (`{stop}`, then open it again) "
                  "and run `registry-doctor check` again.", keep=keep.prefix,
                  deletes="; ".join(
                      f"`{fixes.gh_secret_delete(f'{s.prefix}_CONTAINER_REGISTRY_{f}')}`"
                      for s in others for f in FIELDS if getattr(s, f.lower())),
                  list=fixes.gh_secret_list(), stop=fixes.stop_command(where)),
            secret_set=keep.prefix,
        ))
    return found


def run(diagnosis) -> list[Finding]:
    """Check names, identifiers, values and which set covers each image."""
    sets = ensure_secret_sets(diagnosis)
    variables = effective_variables(diagnosis.variables)
    where = fixes.where_of(diagnosis)
    findings = name_findings(variables, sets, where)
    findings += prefix_mismatch_findings(sets, where)
    findings += duplicate_findings(sets, where)
    for secret_set in sets:
        findings += check_set(secret_set, where, diagnosis.options.now)
    findings += check_images(diagnosis, sets, where)
    return findings
