"""Every image a dev container configuration makes the codespace pull is found, with its source."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_tree
from tui.workspace.devcontainer import find_configs, parse_dockerfile, scan_workspace
from tui.workspace.dockerfile import read_dockerfile


def scan(tmp_path: Path, files: dict[str, str | bytes], environ: dict[str, str] | None = None):
    write_tree(tmp_path, files)
    return scan_workspace(tmp_path, environ)


def refs(result) -> list[tuple[str, str, str]]:
    return [(i.ref, i.source, i.role) for i in result.images]


def problems(result) -> list[str]:
    assert all(f.code == "DEVCONTAINER_INVALID" for f in result.findings)
    return [f.detail for f in result.findings]


def test_comments_and_trailing_commas(tmp_path: Path) -> None:
    result = scan(tmp_path, {".devcontainer/devcontainer.json": """
        // The dev container
        {
          /* block comment */
          "name": "app",
          "image": "myco.azurecr.io/app:1.0", // trailing comment
          "customizations": {"vscode": {"extensions": ["ms-python.python",],},},
        }
    """})
    assert refs(result) == [("myco.azurecr.io/app:1.0", ".devcontainer/devcontainer.json",
                             "image")]
    assert result.configs == [".devcontainer/devcontainer.json"]
    assert problems(result) == []


def test_all_config_locations_in_order(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/python/devcontainer.json": '{"image": "ghcr.io/acme/python:1"}',
        ".devcontainer/devcontainer.json": '{"image": "ghcr.io/acme/main:1"}',
        ".devcontainer.json": '{"image": "ghcr.io/acme/root:1"}',
        ".devcontainer/node/devcontainer.json": '{"image": "ghcr.io/acme/main:1"}',
    })
    assert result.configs == [
        ".devcontainer/devcontainer.json",
        ".devcontainer.json",
        ".devcontainer/node/devcontainer.json",
        ".devcontainer/python/devcontainer.json",
    ]
    # the duplicate keeps its first source
    assert refs(result) == [
        ("ghcr.io/acme/main:1", ".devcontainer/devcontainer.json", "image"),
        ("ghcr.io/acme/root:1", ".devcontainer.json", "image"),
        ("ghcr.io/acme/python:1", ".devcontainer/python/devcontainer.json", "image"),
    ]
    assert [p.name for p in find_configs(tmp_path)] == ["devcontainer.json", ".devcontainer.json",
                                                        "devcontainer.json", "devcontainer.json"]


def test_build_with_arg_default_and_build_args(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/devcontainer.json": """{
            "build": {"dockerfile": "Dockerfile", "context": "..",
                      "args": {"VARIANT": "3.12-bookworm"}},
        }""",
        ".devcontainer/Dockerfile": (
            "# syntax=docker/dockerfile:1\n"
            "ARG REGISTRY=myco.azurecr.io\n"
            "ARG VARIANT=3.11\n"
            "ARG BASE=${REGISTRY}/devcontainers/python:${VARIANT}\n"
            "FROM ${BASE}\n"
            "RUN apt-get update\n"
        ),
    })
    assert refs(result) == [("myco.azurecr.io/devcontainers/python:3.12-bookworm",
                             ".devcontainer/Dockerfile", "dockerfile"),
                            ("docker/dockerfile:1", ".devcontainer/Dockerfile", "dockerfile")]
    assert [i.kind for i in result.images] == ["image", "dockerfile-syntax"]
    assert problems(result) == []


def test_multi_stage_platform_scratch_and_heredoc(tmp_path: Path) -> None:
    dockerfile = (
        "ARG GO=1.22\n"
        "FROM --platform=$BUILDPLATFORM golang:${GO:-1.21} AS Build\n"
        "RUN <<EOF\n"
        "FROM not-an-image-line\n"
        "EOF\n"
        "FROM --platform=linux/amd64 \\\n"
        "     ghcr.io/acme/base@sha256:" + "b" * 64 + " as runtime\n"
        "COPY --from=build /out /app\n"
        "FROM build AS test\n"
        "FROM runtime\n"
        "FROM scratch\n"
        "FROM $UNDECLARED_OK_BECAUSE_DEFAULTED\n".replace("$UNDECLARED_OK_BECAUSE_DEFAULTED",
                                                          "${TOOLS:-alpine:3.20}")
    )
    images, found = parse_dockerfile(dockerfile, "Dockerfile")
    assert found == []
    # only the last stage is built: the other stages' images are never pulled
    assert [(i.host, i.repository, i.reference, i.platform) for i in images] == [
        ("docker.io", "library/alpine", "3.20", None),
    ]
    built = read_dockerfile(dockerfile, "Dockerfile", target="test")
    assert built.problems == [] and built.stages == ["build", "test"]
    assert [(i.repository, i.reference, i.platform) for i in built.images] == [
        ("library/golang", "1.22", "linux/amd64"),  # $BUILDPLATFORM of a codespace
    ]
    built = read_dockerfile(dockerfile, "Dockerfile", target="runtime")
    assert [i.repository for i in built.images] == ["library/golang", "acme/base"]


def test_build_args_only_override_declared_args() -> None:
    images, found = parse_dockerfile("ARG BASE=ubuntu:22.04\nFROM ${BASE}\n", "Dockerfile",
                                     {"BASE": "ghcr.io/acme/base:2", "OTHER": "x"})
    assert [i.ref for i in images] == ["ghcr.io/acme/base:2"]
    images, found = parse_dockerfile("FROM ${BASE}\n", "Dockerfile", {"BASE": "ghcr.io/a/b"})
    assert images == []
    assert "empty after substitution" in found[0] and "ARG BASE" in found[0]


def test_compose_two_files_two_services_and_a_build(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/devcontainer.json": """{
            "dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"],
            "service": "app",
        }""",
        "docker-compose.yml": (
            "services:\n"
            "  app:\n"
            "    image: myco.azurecr.io/app:1.0\n"
            "  db:\n"
            "    image: postgres:16\n"
            "  cache:\n"
            "    build:\n"
            "      context: ./cache\n"
            "      args: [BASE=quay.io/acme/redis:7]\n"
        ),
        "cache/Dockerfile": "ARG BASE=redis:7\nFROM ${BASE}\n",
        ".devcontainer/docker-compose.extend.yml": (
            "services:\n"
            "  app:\n"
            "    image: ${REGISTRY:-myco.azurecr.io}/app:2.0\n"
            "    platform: linux/amd64\n"
        ),
    })
    assert problems(result) == []
    assert refs(result) == [  # services in file order; the later file overrides `app`
        ("myco.azurecr.io/app:2.0", ".devcontainer/docker-compose.extend.yml", "compose"),
        ("postgres:16", "docker-compose.yml", "compose"),
        ("quay.io/acme/redis:7", "cache/Dockerfile", "dockerfile"),
    ]
    assert result.images[0].platform == "linux/amd64"


def test_compose_run_services_limits_the_services(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/devcontainer.json": (
            '{"dockerComposeFile": "compose.yml", "service": "app", "runServices": ["db"]}'),
        ".devcontainer/compose.yml": (
            "services:\n  app: {image: 'ghcr.io/acme/app'}\n  db: {image: 'postgres'}\n"
            "  extra: {image: 'ghcr.io/acme/extra'}\n"),
    })
    assert [i.ref for i in result.images] == ["ghcr.io/acme/app", "postgres"]


def test_compose_reads_its_env_file_and_names_unset_variables(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/devcontainer.json": '{"dockerComposeFile": "compose.yml", "service": "app"}',
        ".devcontainer/.env": "# defaults\nexport REGISTRY='myco.azurecr.io'\nTAG=1.0\n",
        ".devcontainer/compose.yml": (
            "services:\n"
            "  app: {image: '${REGISTRY}/app:${TAG}'}\n"
            "  tool: {image: '${TOOL_IMAGE}'}\n"),
    }, environ={"TAG": "2.0"})
    assert [i.ref for i in result.images] == ["myco.azurecr.io/app:2.0"]
    [detail] = problems(result)
    assert "service `tool`" in detail and "unset variable(s) TOOL_IMAGE" in detail


def test_features_are_oci_references(tmp_path: Path) -> None:
    result = scan(tmp_path, {".devcontainer/devcontainer.json": """{
        "image": "mcr.microsoft.com/devcontainers/base:ubuntu",
        "features": {
            "ghcr.io/devcontainers/features/node:1": {"version": "20"},
            "myco.azurecr.io/features/internal-tools:2": {},
            "./local-feature": {},
            "https://example.com/feature.tgz": {},
            "docker-in-docker": "latest",
        },
    }"""})
    assert [(i.ref, i.role) for i in result.images] == [
        ("mcr.microsoft.com/devcontainers/base:ubuntu", "image"),
        ("ghcr.io/devcontainers/features/node:1", "feature"),
        ("myco.azurecr.io/features/internal-tools:2", "feature"),
        ("ghcr.io/devcontainers/features/docker-in-docker:1", "feature"),  # the legacy id
    ]


def test_invalid_json_names_file_line_and_column(tmp_path: Path) -> None:
    result = scan(tmp_path, {".devcontainer/devcontainer.json":
                             '{\n  "image": "ghcr.io/acme/app",\n  "features": {,\n}\n'})
    [detail] = problems(result)
    assert "`.devcontainer/devcontainer.json`" in detail
    assert "line 3, column 16" in detail
    assert "\n" not in detail
    # the CLI reads past the stray comma: a warning, and the image is still found
    assert result.findings[0].severity.value == "warning"
    assert [i.ref for i in result.images] == ["ghcr.io/acme/app"]


def test_bad_shapes_are_invalid_not_tracebacks(tmp_path: Path) -> None:
    cases = {
        "[1, 2]": "not an object",
        '{"image": 42}': "`image` is a number",
        '{"image": "Bad Image"}': "not an image reference",
        '{"build": "Dockerfile"}': "`build` is a string",
        '{"build": {"dockerfile": "missing/Dockerfile"}}': "does not exist",
        '{"dockerComposeFile": 7}': "`dockerComposeFile`",
        '{"name": "no image"}': "names no image",
        '{"image": "alpine", "features": []}': "`features` is a list",
        "[" * 3000: "",
    }
    for index, (text, words) in enumerate(cases.items()):
        folder = tmp_path / str(index)
        result = scan(folder, {".devcontainer.json": text})
        [detail] = problems(result)
        assert words in detail, (text[:40], detail)


def test_bad_dockerfile_and_compose_files_are_invalid(tmp_path: Path) -> None:
    result = scan(tmp_path, {
        ".devcontainer/devcontainer.json": '{"build": {"dockerfile": "Dockerfile"}}',
        ".devcontainer/Dockerfile": "ARG X\nFROM ghcr.io/Acme/App:1\nFROM image extra words\n",
    })
    found = problems(result)
    assert any("line 2" in d and "lowercase" in d for d in found)
    assert any("line 3" in d and "unexpected words" in d for d in found)
    assert all(f.title == "A Dockerfile of the dev container cannot be used"
               for f in result.findings)

    result = scan(tmp_path / "c", {
        ".devcontainer/devcontainer.json":
            '{"dockerComposeFile": ["a.yml", "b.yml", "c.yml"], "service": "x"}',
        ".devcontainer/a.yml": "services:\n  app:\n    image: [unclosed\n",
        ".devcontainer/b.yml": "services: [1, 2]\n",
        ".devcontainer/c.yml": b"services:\n  x:\n    image: \x00\x01\n",
    })
    found = problems(result)
    assert len(found) == 3
    assert "a.yml`: line 4" in found[0] or "a.yml`: line 3" in found[0]
    assert "`services` is not a mapping" in found[1]
    assert "NUL" in found[2]


def test_nothing_found(tmp_path: Path) -> None:
    result = scan(tmp_path, {"README.md": "hello"})
    assert (result.configs, result.images, result.findings) == ([], [], [])


def test_local_env_variables_are_substituted(tmp_path):
    """`${localEnv:TAG}` and `${localEnv:REG:default}` resolve as the Dev Containers CLI does."""
    from tui.workspace.devcontainer import scan_workspace

    ws = tmp_path / "ws"
    (ws / ".devcontainer").mkdir(parents=True)
    (ws / ".devcontainer" / "devcontainer.json").write_text(
        '{"image": "${localEnv:REG:myco.azurecr.io}/app:${localEnv:MYTAG}"}', encoding="utf-8")
    result = scan_workspace(ws, {"MYTAG": "2.0"})
    assert [i.ref for i in result.images] == ["myco.azurecr.io/app:2.0"]


def test_local_env_set_but_empty_stays_empty_and_default_ends_at_a_colon(tmp_path: Path) -> None:
    from tui.workspace.devcontainer import expand_local_env

    environ = {"EMPTY": "", "SET": "v"}
    assert expand_local_env("a${localEnv:EMPTY:dflt}b", environ) == "ab"
    assert expand_local_env("${localEnv:UNSET:x:y}|${env:SET}|${localEnv:UNSET}", environ) == "x|v|"
    assert expand_local_env("${containerEnv:PATH}", environ) == "${containerEnv:PATH}"


def test_buildkit_refusals_are_problems() -> None:
    found = read_dockerfile("ARG X=a\nFROM alpine AS a\nFROM alpine\nCOPY --from=$X / /\n",
                            "Dockerfile").problems
    assert any("does not expand variables in --from" in p for p in found)
    found = read_dockerfile("FROM alpine AS a\n", "Dockerfile", target="missing").problems
    assert found == ["the build target `missing` is no stage of the Dockerfile (stages: `a`)"]
    found = read_dockerfile("FROM ${NOPE} AS unused\nFROM alpine\n", "Dockerfile").problems
    assert "empty after substitution" in found[0]  # BuildKit checks every stage's base


def test_jsonc_reads_what_the_cli_reads() -> None:
    from tui.workspace.jsonc import parse_jsonc

    assert parse_jsonc('{"a": 1,}') == ({"a": 1}, [])
    value, problems = parse_jsonc("{'image': 'x', \"b\": [1 2], \"c\": tru}")
    assert value == {"b": [1, 2]}  # single quotes and unknown words are stepped over
    assert len(problems) >= 3
    value, problems = parse_jsonc('{"a": {"b": "unclosed\n}')
    assert value == {"a": {"b": "unclosed"}} and problems


def test_unsupported_legacy_feature_id_is_named(tmp_path: Path) -> None:
    result = scan(tmp_path, {".devcontainer/devcontainer.json":
                             '{"image": "ubuntu", "features": {"fish": {}}}'})
    [detail] = problems(result)
    assert "`fish` is a legacy short Feature id" in detail and "`./fish`" in detail
    assert [i.ref for i in result.images] == ["ubuntu"]
