"""Run the context step over public dev container configurations and measure it.

Usage: python -m tests.bench.bench_configs DIR [DIR ...] [--expect FILE ...] [--json OUT]

Each DIR is a checkout of a repository with dev container configurations (for example
devcontainers/cli, devcontainers/templates, devcontainers/images or an old release of
microsoft/vscode-dev-containers; they are not part of this repository). Every
`devcontainer.json` / `.devcontainer.json` under DIR is read on its own, as
`devcontainer up --config FILE` would; every workspace folder (one holding `.devcontainer/` or
`.devcontainer.json`) also gets a full context step, offline. A folder with a
`devcontainer-template.json` is a Template: its `${templateOption:…}` placeholders are first
replaced by the options' defaults, as `devcontainer templates apply` does, in a temporary copy.

`--expect FILE` (repeatable) is a JSON object {config path: [`kind:ref`, ...]} (or
{"expected": that, "part": name, "valid": true}), such as
`tests/bench/expected_public_configs.json` (the directories named `cli`, `templates`, `images`
and `vscode-dev-containers`) or `tests/bench/expected_app_configs.json` (application
repositories checked out into folders named `owner__name`); the report then counts exact image
lists (as sets of `kind:ref`) and lists the disagreements, for all and for each file (a part).
In a part marked `valid` every configuration is one the CLI builds, so each configuration with
an error finding is counted, and listed, as a false error.
Prints: configurations run, crashes, exact lists, error findings, the slowest run.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tui.checks.diagnosis import Diagnosis
from tui.model import Severity
from tui.options import Options
from tui.workspace.devcontainer import scan_config
from tui.workspace.jsonc import parse_jsonc

NAMES = ("devcontainer.json", ".devcontainer.json")
SKIP_PARTS = {"node_modules", ".git"}


def find_configs(root: Path) -> list[Path]:
    """Every dev container configuration file under `root`, sorted."""
    found = [p for name in NAMES for p in root.rglob(name)
             if p.is_file() and not SKIP_PARTS & set(p.parts)]
    return sorted(found)


def workspace_of(config: Path) -> Path:
    """The folder a codespace would open for `config`."""
    parent = config.parent
    if config.name == ".devcontainer.json":
        return parent
    if parent.name == ".devcontainer":
        return parent.parent
    if parent.parent.name == ".devcontainer":
        return parent.parent.parent
    return parent


def apply_template(folder: Path, into: Path) -> Path:
    """A copy of the Template `folder` with its options' defaults filled in."""
    meta, _ = parse_jsonc((folder / "devcontainer-template.json").read_text(encoding="utf-8"))
    options = meta.get("options", {}) if isinstance(meta, dict) else {}
    defaults = {name: str(spec.get("default", "")) for name, spec in options.items()
                if isinstance(spec, dict)}
    target = into / folder.name
    shutil.copytree(folder, target, symlinks=True)
    pattern = re.compile(r"\$\{templateOption:\s*([A-Za-z0-9_-]+)\s*\}")
    for path in target.rglob("*"):
        if path.is_file() and not path.is_symlink():
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            new = pattern.sub(lambda m: defaults.get(m.group(1), ""), text)
            if new != text:
                path.write_text(new, encoding="utf-8")
    return target


def run_context(workspace: Path, scratch: Path) -> tuple[list, float, str | None]:
    """The full context step (offline) over one workspace: findings, seconds, crash text."""
    codespaces = scratch / "codespaces"
    codespaces.mkdir(exist_ok=True)
    options = Options(workspace=workspace, codespaces_dir=codespaces, env_file=None,
                      environ={}, offline=True, no_daemon=True)
    started = time.perf_counter()
    try:
        diagnosis = Diagnosis(options)
        diagnosis.run_all(("context",))
    except Exception:
        return [], time.perf_counter() - started, traceback.format_exc()
    seconds = time.perf_counter() - started
    internal = [f for f in diagnosis.findings if f.code == "INTERNAL_ERROR"]
    if internal:
        return diagnosis.findings, seconds, internal[0].detail
    return diagnosis.findings, seconds, None


def load_part(path: Path) -> dict:
    """One expectations file: {"part", "valid", "expected"}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "expected" not in data:
        data = {"expected": data}
    return {"part": data.get("part", path.stem), "valid": bool(data.get("valid")),
            "expected": data["expected"]}


def report_part(part: dict, rows: list[dict]) -> None:
    """Exact lists and error findings over the configurations one expectations file names."""
    judged = [r for r in rows if r["config"] in part["expected"]]
    missing = len(part["expected"]) - len(judged)
    exact = sum(1 for r in judged if r["exact"])
    errors = [r for r in judged if r["errors"]]
    warned = sum(1 for r in judged if r["warnings"])
    share = f" ({100 * exact / len(judged):.1f} %)" if judged else ""
    print(f"part {part['part']}: {len(judged)} configurations"
          + (f" ({missing} named but not found)" if missing else ""))
    print(f"  exact image lists: {exact}/{len(judged)}{share}")
    label = "false errors (configurations the CLI builds, with an error finding)" \
        if part["valid"] else "configurations with an error finding"
    print(f"  {label}: {len(errors)}")
    for row in errors:
        print(f"    {row['config']}: {row['errors']}")
    print(f"  configurations with a warning: {warned}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--expect", type=Path, action="append", default=[])
    parser.add_argument("--json", type=Path, help="write every configuration's result here")
    args = parser.parse_args(argv)
    parts = [load_part(path) for path in args.expect]
    expected = {label: refs for part in parts for label, refs in part["expected"].items()}
    rows: list[dict] = []
    crashes: list[str] = []
    slowest = (0.0, "")
    workspaces: set[Path] = set()
    with tempfile.TemporaryDirectory(prefix="bench-configs-") as tmp:
        scratch = Path(tmp)
        for root in args.dirs:
            for config in find_configs(root):
                label = f"{root.name}/{config.relative_to(root).as_posix()}"
                workspace = workspace_of(config)
                template = next((p for p in [config.parent, *config.parents]
                                 if (p / "devcontainer-template.json").is_file()), None)
                if template is not None:
                    copy_root = scratch / f"t{len(rows)}"
                    copy_root.mkdir()
                    applied = apply_template(template, copy_root)
                    config = applied / config.relative_to(template)
                    workspace = applied / workspace.relative_to(template)
                started = time.perf_counter()
                try:
                    result = scan_config(config, workspace, {})
                except Exception:
                    crashes.append(f"{label}: {traceback.format_exc()}")
                    continue
                seconds = time.perf_counter() - started
                if seconds > slowest[0]:
                    slowest = (seconds, label)
                errors = [f.detail for f in result.findings if f.severity is Severity.ERROR]
                warnings = [f.detail for f in result.findings if f.severity is Severity.WARNING]
                images = sorted(f"{i.kind}:{i.ref}" for i in result.images)
                row = {"config": label, "images": images, "errors": errors,
                       "warnings": warnings, "seconds": round(seconds, 4),
                       "source": result.sources[0].summary() if result.sources else None,
                       "features": result.sources[0].features if result.sources else []}
                if label in expected:
                    row["expected"] = sorted(expected[label])
                    row["exact"] = row["expected"] == images
                rows.append(row)
                if workspace not in workspaces:
                    workspaces.add(workspace)
                    _, ctx_seconds, crash = run_context(workspace, scratch)
                    if crash:
                        crashes.append(f"{label} (context step): {crash}")
                    if ctx_seconds > slowest[0]:
                        slowest = (ctx_seconds, f"{label} (context step)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    judged = [r for r in rows if "exact" in r]
    print(f"configurations run: {len(rows)} (+{len(workspaces)} full context steps)")
    print(f"crashes: {len(crashes)}")
    for crash in crashes:
        print("  " + crash.replace("\n", "\n  "))
    print(f"configurations with an error finding: {sum(1 for r in rows if r['errors'])}")
    print(f"configurations with a warning: {sum(1 for r in rows if r['warnings'])}")
    if judged:
        exact = sum(1 for r in judged if r["exact"])
        print(f"exact image lists: {exact}/{len(judged)} ({100 * exact / len(judged):.1f} %)")
        for row in judged:
            if not row["exact"]:
                print(f"  {row['config']}: got {row['images']} expected {row['expected']}")
    for part in parts:
        report_part(part, rows)
    print(f"slowest run: {slowest[0] * 1000:.1f} ms ({slowest[1]})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
