"""The secrets step: load the registry variables, group them into sets, and check they are there.

Sources, lowest precedence first: Codespaces' `shared/.env-secrets` (base64 values), the
process environment, the `--env-file` (which overrides the environment, as the SPEC says).
"""

from __future__ import annotations

import binascii
import io
from collections.abc import Iterable
from pathlib import Path

from tui.catalogue import finding
from tui.encoding import utf8_text
from tui.i18n import _, ngettext, t
from tui.lazy_pattern import LazyPattern
from tui.model import REACHED_SOURCES, Finding, Secret, SecretSet, Severity, Variable
from tui.registry.coverage import images_needing_secrets
from tui.secretsets import fixes
from tui.secretsets.patterns import FIELDS, is_relevant, is_secret_name, near_miss, parse_canonical
from tui.secretsets.servers import PREFIX_BY_KIND, parse_server, registry_kind
from tui.secretsets.values import clean, decode_base64, looks_like_secret

SOURCE_ENV = "environment"
SOURCE_ENV_FILE = "env-file"
SOURCE_ENV_SECRETS = "codespaces-env-secrets"

_NAME = LazyPattern(r"^[A-Za-z_][A-Za-z0-9_]*$")



# --------------------------------------------------------------------------- loading


def _variable(name: str, value: str, source: str) -> Variable:
    family = parse_canonical(name) is not None or near_miss(name) is not None
    if is_secret_name(name) or (family and looks_like_secret(value)):
        return Variable(name, Secret(value), source)
    return Variable(name, value, source)


def _unreadable(path: Path, why: str, *, severity: Severity) -> Finding:
    return finding(
        "SECRETS_FILE_UNREADABLE",
        detail=t("`{path}`: {why}", path=path, why=why),
        severity=severity,
    )


def _read_text(path: Path, problems: list[Finding], severity: Severity,
               *, missing_ok: bool = False) -> str | None:
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        if not missing_ok:
            problems.append(_unreadable(path, _("the file does not exist"), severity=severity))
        return None
    except IsADirectoryError:
        problems.append(_unreadable(path, _("it is a directory, not a file"), severity=severity))
        return None
    except OSError as exc:
        problems.append(_unreadable(path, t("cannot be read ({error})",
                                              error=exc.strerror or type(exc).__name__),
                                    severity=severity))
        return None
    try:
        return utf8_text(raw)
    except UnicodeDecodeError as exc:
        problems.append(_unreadable(path, t("not UTF-8 text (bad byte at offset {offset})",
                                              offset=exc.start), severity=severity))
        return None


def _line_collector():
    """A logging handler that collects python-dotenv's "could not parse statement at line N"
    warnings (`logging` is imported only when an env file is read)."""
    import logging

    class _LineCollector(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.extend(str(arg) for arg in record.args or ())

    return _LineCollector()


def _read_env_file(path: Path, problems: list[Finding]) -> list[Variable]:
    import logging

    from dotenv import dotenv_values  # lazily: not needed at start-up

    text = _read_text(path, problems, Severity.ERROR)
    if text is None:
        return []
    logger = logging.getLogger("dotenv.main")
    collector = _line_collector()
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
    if collector.lines:
        problems.append(_unreadable(
            path, t("python-dotenv could not parse the statement starting at line {lines} (the "
                    "line is not shown: it may hold a secret)", lines=", ".join(collector.lines)),
            severity=Severity.WARNING,
        ))
    return [
        _variable(name, value if value is not None else "", SOURCE_ENV_FILE)
        for name, value in values.items()
        if is_relevant(name)
    ]


def _read_env_secrets(path: Path, problems: list[Finding]) -> list[Variable]:
    text = _read_text(path, problems, Severity.WARNING, missing_ok=True)
    if text is None:
        return []
    variables: list[Variable] = []
    bad: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, encoded = stripped.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            bad.append(t("line {number} is not `NAME=<base64>`", number=number))
            continue
        if not is_relevant(name):
            continue
        try:
            value = decode_base64(encoded).decode("utf-8")
        except (binascii.Error, ValueError):
            bad.append(t("line {number} (`{name}`) is not valid base64 UTF-8 text", number=number,
                         name=name))
            continue
        variables.append(_variable(name, value, SOURCE_ENV_SECRETS))
    if bad:
        problems.append(_unreadable(path, "; ".join(bad), severity=Severity.WARNING))
    return variables


def env_secrets_path(options) -> Path:
    """Where Codespaces keeps its base64 copy of the secrets."""
    return Path(options.codespaces_dir) / "shared" / ".env-secrets"


def load_variables(options) -> tuple[list[Variable], list[Finding]]:
    """Every relevant variable from the three sources, lowest precedence first.

    Returns the variables (a later entry of the same name wins) and findings for files that
    could not be read.
    """
    problems: list[Finding] = []
    variables = _read_env_secrets(env_secrets_path(options), problems)
    variables += [
        _variable(name, value, SOURCE_ENV)
        for name, value in sorted(options.environ.items())
        if isinstance(value, str) and is_relevant(name)
    ]
    if options.env_file is not None:
        variables += _read_env_file(Path(options.env_file), problems)
    return variables, problems


# --------------------------------------------------------------------------- sets


def effective_variables(variables: Iterable[Variable]) -> dict[str, Variable]:
    """Name -> the variable the diagnosis uses (env-file over environment over .env-secrets)."""
    result: dict[str, Variable] = {}
    for variable in variables:
        result[variable.name] = variable
    return result


def _kind_from_user(user: Variable | None) -> str:
    text = clean(user.text) if user is not None else ""
    if text in ("_json_key", "_json_key_base64"):
        return "gcr"
    if text == "AWS" or text.startswith(("AKIA", "ASIA")):
        return "ecr"
    return "generic"


def build_secret_sets(variables: Iterable[Variable]) -> list[SecretSet]:
    """Group the variables on the pattern into sets by identifier, with kind and host filled in."""
    sets: dict[str, SecretSet] = {}
    for variable in effective_variables(variables).values():
        name = parse_canonical(variable.name)
        if name is None or name.prefix is None:
            continue
        secret_set = sets.setdefault(name.prefix, SecretSet(prefix=name.prefix))
        setattr(secret_set, name.field.lower(), variable)
    for secret_set in sets.values():
        server = clean(secret_set.server.text) if secret_set.server is not None else ""
        if server:
            parsed = parse_server(server)
            secret_set.kind = registry_kind(parsed.host_lower)
            secret_set.host = parsed.canonical_host
        else:
            secret_set.kind = _kind_from_user(secret_set.user)
    return [sets[prefix] for prefix in sorted(sets)]


def ensure_secret_sets(diagnosis) -> list[SecretSet]:
    """The diagnosis's sets, built now if the secrets step has not run."""
    if not diagnosis.handoff.secret_sets_built:
        diagnosis.secret_sets = build_secret_sets(diagnosis.variables)
        diagnosis.handoff.secret_sets_built = True
    return diagnosis.secret_sets


# --------------------------------------------------------------------------- findings


def _no_sets(diagnosis, where: fixes.Where) -> Finding:
    """NO_REGISTRY_SECRETS: an error naming each registry that needs a set (so the naming step
    does not report the same registries again as IMAGE_REGISTRY_UNCOVERED), else info."""
    from tui.registry.coverage import (
        docker_server,
        named,
        public_answers,
        uncovered_reason,
    )
    from tui.registry.image_sense import judged_not_images

    needing = images_needing_secrets(diagnosis.context.images, judged_not_images(diagnosis))
    answers = public_answers(diagnosis, needing)
    needing = [image for image in needing if answers.get(image.ref) is not True]
    close = sorted({
        v.name for v in diagnosis.variables
        if near_miss(v.name) is not None
        or ((c := parse_canonical(v.name)) is not None and c.prefix is None)
    })
    seen = (" " + ngettext("{count} name comes close: {names} (see Names & values).",
                           "{count} names come close: {names} (see Names & values).",
                           len(close)).format(count=len(close),
                                              names=", ".join(f"`{n}`" for n in close))
            if close else "")
    if not needing:
        images = diagnosis.context.images
        detail = (_("No `<*>_CONTAINER_REGISTRY_*` variables are set; no image of this workspace "
                    "needs them (GHCR or public).") if images else
                  _("No `<*>_CONTAINER_REGISTRY_*` variables are set; no image is known, so none "
                    "is known to need them."))
        return finding(
            "NO_REGISTRY_SECRETS",
            detail=detail + seen,
            severity=Severity.INFO,
            fix=_("Nothing to do unless the image is in a private registry other than GHCR; "
                  "then create the three secrets for it and run `registry-doctor check` again."),
        )
    by_host: dict[str, list] = {}
    for image in needing:
        by_host.setdefault(image.host, []).append(image)
    diagnosis.handoff.reported_without_sets = set(by_host)
    offline = bool(diagnosis.options.offline)
    parts = []
    for host, images in by_host.items():
        listed = ", ".join(named(image) for image in images)
        parts.append(ngettext("{images} is in `{host}`: {reason}",
                              "{images} are in `{host}`: {reason}", len(images)).format(
            images=listed, host=host, reason=uncovered_reason(answers.get(images[0].ref), offline)))
    image = needing[0]
    prefix = PREFIX_BY_KIND.get(registry_kind(image.host), "REGISTRY")
    hosts = list(by_host)
    likewise = ("" if len(hosts) == 1 else " " + t(
        "Likewise, one set for each of {servers}.",
        servers=", ".join(f"`{docker_server(h)}`" for h in hosts[1:])))
    return finding(
        "NO_REGISTRY_SECRETS",
        detail=t("No `<*>_CONTAINER_REGISTRY_*` variables are set, but the codespace needs a "
                 "set: {parts}.", parts="; ".join(parts)) + seen,
        fix=(_("Rename the variables named above as Names & values says, rather than create "
               "new ones.") if close
             else t("For `{host}`: {create}", host=image.host,
                    create=fixes.create_set(prefix, docker_server(image.host), where)) + likewise),
        image=image.ref,
    )


def _fields_of(secret_set: SecretSet) -> set[str]:
    return {f for f in FIELDS if getattr(secret_set, f.lower()) is not None}


def mismatch_groups(sets: list[SecretSet]) -> list[list[SecretSet]]:
    """Partial sets that make one whole set together; each group's first set gives the
    identifier to keep (the one with most fields, SERVER first)."""
    partial = sorted((s for s in sets if not s.complete),
                     key=lambda s: (-len(_fields_of(s)), "SERVER" not in _fields_of(s), s.prefix))
    used: set[str] = set()
    groups = []
    for base in partial:
        if base.prefix in used:
            continue
        group, have = [base], set(_fields_of(base))
        for other in partial:
            if other.prefix in used or other is base or _fields_of(other) & have:
                continue
            group.append(other)
            have |= _fields_of(other)
            if have == set(FIELDS):
                break
        if have == set(FIELDS) and len(group) > 1:
            used.update(s.prefix for s in group)
            groups.append(group)
    return groups


def _incomplete(secret_set: SecretSet, variables: dict[str, Variable],
                where: fixes.Where, group: list[SecretSet] | None = None) -> Finding:
    missing = [f for f in FIELDS if getattr(secret_set, f.lower()) is None]
    present = [f for f in FIELDS if f not in missing]
    names = [f"{secret_set.prefix}_CONTAINER_REGISTRY_{f}" for f in missing]
    close = [
        v.name for v in variables.values()
        if (m := near_miss(v.name)) is not None and m.prefix == secret_set.prefix
        and m.field in missing
    ]
    hint = (" " + t("{names} looks meant for it (see Names & values).",
                    names=", ".join(f"`{n}`" for n in close)) if close else "")
    source = next((getattr(secret_set, f.lower()).source for f in present), None)
    steps = fixes.set_secret(names[0], where, source=source,
                             what=fixes.FIELD_WHAT[missing[0]])
    more = ("" if len(names) == 1 else
            " " + t("Do the same for {names}.", names=", ".join(f"`{n}`" for n in names[1:])))
    if group is not None:  # the missing parts exist under another identifier: rename, not add
        others = ", ".join(f"`{s.prefix}`" for s in group if s is not secret_set)
        hint += " " + t("The missing parts are under {others} (see SECRET_PREFIX_MISMATCH).",
                        others=others)
        steps, more = t("Do not create new secrets: rename the parts to one identifier, "
                        "`{prefix}`, as the SECRET_PREFIX_MISMATCH fix says.",
                        prefix=group[0].prefix), ""
    return finding(
        "SECRET_SET_INCOMPLETE",
        detail=t("Set `{prefix}` has {present} but no {missing}: missing {names}.",
                 prefix=secret_set.prefix, present=", ".join(present),
                 missing=_(" and no ").join(missing),
                 names=", ".join(f"`{n}`" for n in names)) + hint,
        fix=steps + more,
        secret_set=secret_set.prefix,
    )


def _empties(secret_set: SecretSet, where: fixes.Where) -> list[Finding]:
    found = []
    for field in FIELDS:
        variable = getattr(secret_set, field.lower())
        if variable is None or variable.text.strip():
            continue
        detail = (t("`{name}` ({source}) is empty.", name=variable.name, source=variable.source)
                  if not variable.text else
                  t("`{name}` ({source}) holds only whitespace.", name=variable.name,
                    source=variable.source))
        found.append(finding(
            "SECRET_EMPTY",
            detail=detail,
            fix=fixes.set_secret(variable.name, where, source=variable.source,
                                 what=fixes.FIELD_WHAT[field]),
            secret_set=secret_set.prefix,
        ))
    return found


def _live_variables(variables: Iterable[Variable]) -> dict[str, Variable]:
    """Name -> what this process runs with: the environment, overridden by the `--env-file`
    (the SPEC: its variables override the environment, so they are judged as the environment)."""
    live: dict[str, Variable] = {}
    for source in REACHED_SOURCES:
        live.update({v.name: v for v in variables if v.source == source})
    return live


def _not_loaded(diagnosis, where: fixes.Where) -> list[Finding]:
    """SECRETS_NOT_LOADED per set whose `.env-secrets` copy is missing from, or differs from,
    what this process runs with (the environment, or the `--env-file` that overrides it)."""
    stored = {v.name: v for v in diagnosis.variables if v.source == SOURCE_ENV_SECRETS}
    live = _live_variables(diagnosis.variables)
    by_prefix: dict[str, list[str]] = {}
    from_file: dict[str, list[str]] = {}
    for name, variable in sorted(stored.items()):
        parsed = parse_canonical(name)
        if parsed is None or parsed.prefix is None:
            continue
        current = live.get(name)
        if current is None:
            by_prefix.setdefault(parsed.prefix, []).append(
                t("`{name}` is not in the environment", name=name))
        elif current.text != variable.text:
            live_value, stored_value = Secret(current.text).masked(), Secret(variable.text).masked()
            if current.source == SOURCE_ENV_FILE:
                from_file.setdefault(parsed.prefix, []).append(name)
                line = t("`{name}` differs from the value in .env-secrets (compared here, never "
                         "shown: the `--env-file`'s is {live}, .env-secrets' {stored})",
                         name=name, live=live_value, stored=stored_value)
            else:
                line = t("`{name}` differs from the value in .env-secrets (compared here, never "
                         "shown: the environment's is {live}, .env-secrets' {stored})",
                         name=name, live=live_value, stored=stored_value)
            by_prefix.setdefault(parsed.prefix, []).append(line)
    found = []
    for prefix, lines in by_prefix.items():
        detail = t("Set `{prefix}` is in `{path}` but not loaded: {lines}.", prefix=prefix,
                   path=env_secrets_path(diagnosis.options), lines="; ".join(lines))
        names = from_file.get(prefix, [])
        if names and len(names) == len(lines):  # only the user's own file disagrees
            detail += " " + _("The checks use the file's values, but the codespace pulls with the "
                              "secrets it holds.")
            fix = t("If the file holds the right values, make them the secrets: {set} Otherwise "
                    "correct `{env_file}`.", set=fixes.set_secrets(names, where),
                    env_file=where.env_file)
        else:
            detail += " " + _("The codespace started before the secret was added or changed.")
            fix = fixes.reload_secrets(where)
        found.append(finding("SECRETS_NOT_LOADED", detail=detail, fix=fix, secret_set=prefix))
    return found


def run(diagnosis) -> list[Finding]:
    """Build the secret sets and report missing, incomplete, empty and not-loaded secrets."""
    error = diagnosis.handoff.load_error
    if error is not None:
        raise error
    findings: list[Finding] = list(diagnosis.handoff.load_problems)
    diagnosis.secret_sets = build_secret_sets(diagnosis.variables)
    diagnosis.handoff.secret_sets_built = True
    where = fixes.where_of(diagnosis)
    variables = effective_variables(diagnosis.variables)
    diagnosis.handoff.reported_without_sets = set()
    if not diagnosis.secret_sets:
        findings.append(_no_sets(diagnosis, where))
    grouped = {s.prefix: group for group in mismatch_groups(diagnosis.secret_sets) for s in group}
    for secret_set in diagnosis.secret_sets:
        if not secret_set.complete:
            group = grouped.get(secret_set.prefix)
            findings.append(_incomplete(secret_set, variables, where, group))
        findings.extend(_empties(secret_set, where))
    findings.extend(_not_loaded(diagnosis, where))
    return findings
