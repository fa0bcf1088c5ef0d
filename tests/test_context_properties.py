"""Whatever the files hold, the context step gives findings, never a crash, never a secret."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import make_options
from tui.checks.diagnosis import Diagnosis
from tui.workspace.devcontainer import parse_dockerfile
from tui.workspace.imageref import parse_image_ref

CANARY = "Cx9-canary-Pa55w0rd-d0-not-show-7Q"
FAST = settings(max_examples=100, deadline=None)

PIECES = ["{", "}", "[", "]", ":", ",", '"', "//", "/*", "*/", "\n", " ", "image", "build",
          "dockerfile", "dockerComposeFile", "features", "args", "ghcr.io/a/b:1", "${X}", "\\",
          "\x00", "é", "\ufeff", "null", "true", "1e999", "'"]
IMAGE_TEXT = st.one_of(
    st.sampled_from(["ubuntu", "ghcr.io/acme/app:1", "localhost:5000/x", "Bad Ref", "",
                     "a@sha256:zz", f"ghcr.io/acme/{CANARY}", "${BASE}", "scratch",
                     "myco.azurecr.io", "localhost:5000", "ghcr.io/devcontainers/templates/go",
                     "ghcr.io/devcontainers/features/node:1", "base:${templateOption:v}"]),
    st.text(max_size=40),
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), IMAGE_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)
DEVCONTAINER = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.fixed_dictionaries(
        {},
        optional={
            "image": IMAGE_TEXT | JSON_VALUES,
            "build": st.fixed_dictionaries(
                {"dockerfile": st.sampled_from(["Dockerfile", "../Dockerfile", "nope", ""])},
                optional={"args": st.dictionaries(st.text(max_size=8), st.text(max_size=20)),
                          "context": st.text(max_size=10)},
            ) | JSON_VALUES,
            "dockerComposeFile": st.sampled_from(["compose.yml", ["compose.yml", "x.yml"], 3]),
            "runServices": JSON_VALUES,
            "features": st.dictionaries(IMAGE_TEXT, JSON_VALUES, max_size=3) | JSON_VALUES,
        },
    ).map(lambda data: json.dumps(data) + "\n// trailing comment\n"),
)
DOCKERFILE_LINES = st.one_of(
    st.sampled_from(["ARG BASE=ubuntu:22.04", "ARG X", "FROM ${BASE}", "FROM $X AS x",
                     "FROM --platform=$BUILDPLATFORM golang AS build", "FROM build",
                     "FROM scratch", "RUN <<EOF", "EOF", "FROM", "# escape=`", "FROM a \\",
                     "RUN apt-get update", f"FROM ghcr.io/acme/{CANARY}"]),
    st.builds(lambda image: f"FROM {image}", IMAGE_TEXT),
    st.text(max_size=40),
)
DOCKERFILE = st.lists(DOCKERFILE_LINES, max_size=12).map("\n".join)
COMPOSE = st.one_of(
    st.text(max_size=120),
    st.dictionaries(
        st.sampled_from(["services", "version", "x"]),
        st.dictionaries(st.text(max_size=6),
                        st.fixed_dictionaries({}, optional={"image": IMAGE_TEXT,
                                                            "build": JSON_VALUES,
                                                            "platform": JSON_VALUES})
                        | JSON_VALUES, max_size=3) | JSON_VALUES,
        max_size=2,
    ).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
)
SIGNATURE_LINES = [
    'Error response from daemon: Head "https://myco.azurecr.io/v2/app/manifests/1.0": '
    "unauthorized: authentication required",
    "toomanyrequests: You have reached your pull rate limit",
    "#8 2.2 W: GPG error: NO_PUBKEY 23E7166788B63E1E",
    "x509: certificate signed by unknown authority",
]
CORPUS_TEXTS = [
    json.loads(line)["text"]
    for line in (Path(__file__).parent / "data" / "creation-log-corpus.jsonl")
    .read_text(encoding="utf-8").splitlines() if line.strip()
]
MARKER = "Creating recovery container."
LOG = st.lists(
    st.one_of(st.binary(max_size=60), st.sampled_from(SIGNATURE_LINES).map(str.encode),
              st.sampled_from(CORPUS_TEXTS).map(str.encode),
              st.sampled_from([MARKER, "Error: something odd", '{"outcome":"error"}',
                               "Error code: 1302"]).map(str.encode),
              st.just(f"docker login -p {CANARY} myco.azurecr.io: unauthorized: incorrect "
                      "username or password".encode()),
              st.just(f"unauthorized: password={CANARY} rejected".encode())),
    max_size=8,
).map(b"\n".join)
REASON = st.binary(max_size=80).map(lambda raw: raw + f" pull failed: {CANARY}".encode())


@FAST
@given(devcontainer=DEVCONTAINER, dockerfile=DOCKERFILE, compose=COMPOSE, log=LOG,
       reason=REASON, recovery=st.booleans())
def test_context_never_crashes_and_never_shows_the_password(
    devcontainer: str, dockerfile: str, compose: str, log: bytes, reason: bytes, recovery: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files: dict[str, str | bytes] = {
            ".devcontainer/devcontainer.json": devcontainer,
            ".devcontainer/Dockerfile": dockerfile,
            ".devcontainer/compose.yml": compose,
        }
        planted: dict[str, str | bytes] = {".persistedshare/creation.log": log}
        if recovery:
            planted[".persistedshare/RECOVERY-REASON-FILE"] = reason
        options = make_options(
            Path(folder), env={"ACR_CONTAINER_REGISTRY_PASSWORD": CANARY, "CODESPACES": "true"},
            workspace_files=files, codespaces_files=planted,
        )
        diagnosis = Diagnosis(options)
        result = diagnosis.run_step("context")
    assert result.status in ("pass", "warn", "fail")
    assert "INTERNAL_ERROR" not in [f.code for f in result.findings]
    for found in result.findings:
        for text in (found.title, found.detail, found.fix):
            assert CANARY not in text
    assert CANARY not in (diagnosis.context.recovery_reason or "")
    assert diagnosis.context.recovery is recovery
    found_codes = [f.code for f in result.findings]
    if MARKER.encode() not in log and any(line.encode() in log for line in SIGNATURE_LINES):
        # the latest, most specific line decides: a registry class, or a platform/Feature fault
        assert {"CREATION_LOG_ERROR", "CODESPACES_PLATFORM_FAULT", "FEATURE_UNREACHABLE"} & set(
            found_codes)
    if recovery:  # a codespace in recovery always gets more than notes
        assert any(f.severity.value != "info" for f in result.findings), found_codes


@FAST
@given(text=st.text(max_size=80))
def test_image_refs_either_parse_or_say_why(text: str) -> None:
    try:
        image = parse_image_ref(text, "test")
    except ValueError as exc:
        assert str(exc)
    else:
        assert image.host and image.repository and image.reference


@FAST
@given(text=DOCKERFILE, args=st.dictionaries(st.text(max_size=5), st.text(max_size=20)))
def test_dockerfiles_never_crash(text: str, args: dict[str, str]) -> None:
    images, problems = parse_dockerfile(text, "Dockerfile", args)
    assert all(image.role == "dockerfile" for image in images)
    assert all(isinstance(problem, str) and problem for problem in problems)


GENERATED_DOCKERFILE_LINES = st.one_of(
    DOCKERFILE_LINES,
    st.sampled_from([
        "# syntax=docker/dockerfile:1", "# syntax=", "COPY --from=build /a /b",
        "COPY --from=ghcr.io/acme/tools:1 /a /b", "COPY --from=$X /a /b", "COPY --from=9 /a /b",
        "RUN --mount=type=bind,from=quay.io/a/b:1,target=/x true",
        "RUN --mount=from=build,target=/x true", 'RUN --mount="from=x,target=/y" true',
        "FROM node AS node", "FROM ${A:-${B:-alpine}}", "FROM ${A:+x}${A:?no}", "ARG A=${B#pre}",
        "ENV X=1 Y=${X}", "ONBUILD COPY --from=x / /", "FROM x AS Bad Name",
    ]),
    st.builds(lambda image: f"COPY --from={image} /a /b", IMAGE_TEXT),
)


@FAST
@given(lines=st.lists(GENERATED_DOCKERFILE_LINES, max_size=12),
       target=st.one_of(st.none(), st.sampled_from(["build", "x", "node", "Build", ""])),
       args=st.dictionaries(st.sampled_from(["BASE", "X", "A", "BUILDKIT_SYNTAX"]),
                            st.text(max_size=20), max_size=3))
def test_generated_dockerfiles_give_images_or_problems(lines: list[str], target: str | None,
                                                       args: dict[str, str]) -> None:
    from tui.workspace.dockerfile import read_dockerfile

    result = read_dockerfile("\n".join(lines), "Dockerfile", args, target)
    assert all(image.role == "dockerfile" for image in result.images)
    assert all(image.kind in ("image", "copy-from", "dockerfile-syntax")
               for image in result.images)
    assert all(isinstance(problem, str) and problem for problem in result.problems)


COMPOSE_SERVICE = st.fixed_dictionaries({}, optional={
    "image": IMAGE_TEXT | JSON_VALUES,
    "build": st.one_of(st.sampled_from([".", "./sub", "https://example.com/r.git"]),
                       st.fixed_dictionaries({}, optional={
                           "context": st.sampled_from([".", "..", "nope"]),
                           "dockerfile": st.sampled_from(["Dockerfile", "x"]),
                           "dockerfile_inline": st.sampled_from(["FROM alpine", "FROM ${X}"]),
                           "target": st.sampled_from(["a", "dev"]),
                           "args": st.one_of(st.lists(st.sampled_from(["A=1", "B", "X=y"])),
                                             st.dictionaries(st.text(max_size=4),
                                                             JSON_VALUES, max_size=2))}),
                       JSON_VALUES),
    "profiles": st.lists(st.sampled_from(["debug", "*", ""]), max_size=2) | JSON_VALUES,
    "depends_on": st.lists(st.sampled_from(["app", "db", "ghost"]), max_size=2) | JSON_VALUES,
    "network_mode": st.sampled_from(["service:db", "host", "service:"]),
    "extends": st.sampled_from(["db", "app", "ghost", {"service": "db", "file": "other.yml"}]),
    "pull_policy": st.sampled_from(["build", "never", "always"]),
})
COMPOSE_TEXT = st.one_of(
    st.dictionaries(st.sampled_from(["app", "db", "worker"]), COMPOSE_SERVICE | JSON_VALUES,
                    max_size=3).map(lambda services: yaml.safe_dump({"services": services})),
    st.lists(st.sampled_from(["services:", "  app:", "    image: x", "    build: !reset null",
                              "    image: !override y", "    ports: !reset []", "  - x",
                              "    image: ${A:-${B}}", "    image: $${A}", "    <<: *x",
                              "x: &x {image: z}", "\t", ":"]), max_size=10).map("\n".join),
    st.text(max_size=80),
)


@FAST
@given(first=COMPOSE_TEXT, second=COMPOSE_TEXT, env=st.text(max_size=40),
       run=st.one_of(st.none(), st.lists(st.sampled_from(["app", "db", "ghost", ""]))))
def test_generated_compose_files_give_images_or_findings(first: str, second: str, env: str,
                                                         run: list[str] | None) -> None:
    from tui.workspace.devcontainer import scan_workspace

    config = {"dockerComposeFile": ["compose.yml", "../compose.override.yml"], "service": "app"}
    if run is not None:
        config["runServices"] = run
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".devcontainer").mkdir()
        (root / ".devcontainer" / "devcontainer.json").write_text(json.dumps(config))
        (root / ".devcontainer" / "compose.yml").write_text(first)
        (root / "compose.override.yml").write_text(second)
        (root / ".devcontainer" / ".env").write_text(env)
        (root / ".devcontainer" / "Dockerfile").write_text("FROM ghcr.io/acme/base:1\n")
        result = scan_workspace(root, {})
    assert all(f.code == "DEVCONTAINER_INVALID" and f.detail for f in result.findings)
    assert all(image.host and image.repository for image in result.images)


@FAST
@given(text=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=60)
                      .map("".join)))
def test_jsonc_reads_anything_without_raising(text: str) -> None:
    from tui.workspace.jsonc import parse_jsonc

    value, problems = parse_jsonc(text)
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)
    if value is not None and not problems:
        assert isinstance(value, (dict, list, str, int, float, bool))
