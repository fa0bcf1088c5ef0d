# ruff: noqa: E501 - a data file: one case per string reads best
"""The bad-input corpus: names, values, files and terminals that must never cause a traceback.

Each case is `(id, kwargs for tests.helpers.make_options)`; `CLI_CASES` are whole command lines
with odd environments. The test asserts a finding or a clean pass for every one.
"""

from __future__ import annotations

import base64

FAMILY = "_CONTAINER_REGISTRY_"

ODD_NAMES = [
    "ACR_CONTAINER_REGISTRY_USERNAME", "ACR_CONTAINER_REGISTRY_PASS", "ACR_CONTAINER_REGISTRY_PWD",
    "ACR_CONTAINER_REGISTRY_TOKEN", "ACR_CONTAINER_REGISTRY_URL", "ACR_CONTAINER_REGISTRY_HOST",
    "ACR_CONTAINER_REGISTERY_SERVER", "ACR_CONTAINERS_REGISTRY_SERVER", "ACR_REGISTRY_SERVER",
    "acr_container_registry_server", "Acr_Container_Registry_User", "CONTAINER_REGISTRY_SERVER",
    "_CONTAINER_REGISTRY_SERVER", "__CONTAINER_REGISTRY_PASSWORD", "A_CONTAINER_REGISTRY_",
    "A_CONTAINER_REGISTRY_SERVER_", "A_CONTAINER_REGISTRY_SERVERX", "A-B_CONTAINER_REGISTRY_USER",
    "Ä_CONTAINER_REGISTRY_USER", "A B_CONTAINER_REGISTRY_USER", "A.B_CONTAINER_REGISTRY_SERVER",
    "X" * 300 + "_CONTAINER_REGISTRY_SERVER", "A_CONTAINER__REGISTRY_SERVER",
    "A_CONTAINER_REGISTRY_SERVER_CONTAINER_REGISTRY_USER", "ACR_DOCKER_REGISTRY_SERVER",
    "ACR_CONTAINER_REGISTRY_PASSWD", "ACR_CONTAINER_REGISTRY_LOGIN", "ACR_CONTAINER_REGSITRY_USER",
    "ACR_CONTIANER_REGISTRY_USER", "ACR_CONTAINER_REGISTRY_SERVERS",
]

ODD_VALUES = [
    "", " ", "\n", "\t", "\r\n", "a\x00b", "\x1b[31mred\x1b[0m", "'quoted'", '"quoted"', '"',
    "'", "“smart”", "value\n", " value", "value ", "v a l u e", "\u200bzero-width", "ü" * 50,
    "🙂🙂🙂", "\ufffd", "x" * 5000, "%s%n%x", "{}", "[]", "null",
    "${HOME}", "$(id)", "`id`", "a\\nb", "é\u0301", "\u202eRTL", "\x7f", "=", "==", "a=b=c",
]

ODD_SERVERS = [
    "", " ", "https://", "http://", "://", "myco.azurecr.io/", "https://myco.azurecr.io/v2/",
    "myco.azurecr.io:99999", "myco.azurecr.io:-1", "myco.azurecr.io:abc", "[::1]:5000", "[::1",
    "::1", "256.256.256.256", "a..b", ".", "-bad-.example", "MYCO.AZURECR.IO", "myco azurecr io",
    "docker.io", "hub.docker.com", "https://index.docker.io/v1", "index.docker.io/v1/",
    "https://index.docker.io/v1/", "ghcr.io/owner", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    "12345678901.dkr.ecr.eu-west-1.amazonaws.com", "123456789012.dkr.ecr..amazonaws.com",
    "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", "123456789012.dkr-ecr.us-east-1.on.aws",
    "public.ecr.aws", "gcr.io", "eu.gcr.io/project", "europe-docker.pkg.dev", "localhost",
    "localhost:5000", "user:pass@host.example", "host.example?x=1", "host.example#frag",
    "xn--bcher-kva.example", "bücher.example", "a" * 300 + ".example", "\tmyco.azurecr.io\n",
]

ODD_ENV_FILES = [
    "", "\n\n", "# only a comment\n", "=novalue\n", "NOEQUALS\n", "export A_CONTAINER_REGISTRY_USER=u\n",
    "A_CONTAINER_REGISTRY_USER='unterminated\n", 'A_CONTAINER_REGISTRY_USER="unterminated\n',
    "A_CONTAINER_REGISTRY_PASSWORD=multi\\\nline\n", 'A_CONTAINER_REGISTRY_PASSWORD="a\nb"\n',
    "A_CONTAINER_REGISTRY_PASSWORD=${UNDEFINED}\n", "A_CONTAINER_REGISTRY_PASSWORD=${A_CONTAINER_REGISTRY_PASSWORD}\n",
    "\ufeffA_CONTAINER_REGISTRY_SERVER=x.example\n", "A_CONTAINER_REGISTRY_SERVER=x\r\n",
    "  A_CONTAINER_REGISTRY_SERVER = spaced.example  \n", "A_CONTAINER_REGISTRY_SERVER=a#b\n",
    "\x00\x01\x02", "A" * 10000 + "=1\n", "[section]\nkey=value\n", "{\"json\": true}\n",
    "A_CONTAINER_REGISTRY_SERVER=x\nA_CONTAINER_REGISTRY_SERVER=y\n",
]

ODD_ENV_SECRETS = [
    "", "\n", "NOEQUALS\n", "A_CONTAINER_REGISTRY_PASSWORD=not base64!!\n",
    "A_CONTAINER_REGISTRY_PASSWORD=\n", "A_CONTAINER_REGISTRY_PASSWORD=====\n",
    f"A_CONTAINER_REGISTRY_PASSWORD={base64.b64encode(bytes(range(256))).decode()}\n",
    f"A_CONTAINER_REGISTRY_USER={base64.b64encode(b'u').decode()}\n" * 3,
    "=" * 100 + "\n", "A_CONTAINER_REGISTRY_PASSWORD=YWJj\r\n", "\ufeffX=YQ==\n",
    f"A_CONTAINER_REGISTRY_SERVER={base64.b64encode('ü.example'.encode()).decode()}\n",
    "A_CONTAINER_REGISTRY_SERVER=YQ\n", "#comment=YQ==\n", "  A_CONTAINER_REGISTRY_USER = YQ==  \n",
]

ODD_DEVCONTAINERS = [
    "", "{", "}", "[]", "null", "42", '"string"', "{,}", '{"image": }', '{"image": null}',
    '{"image": 42}', '{"image": ["a"]}', '{"image": ""}', '{"image": " "}', '{"image": "UPPER/Case"}',
    '{"image": "a:b:c:d"}', '{"image": "@sha256:abc"}', '{"image": "host:port/"}',
    '{"image": "x" }  // trailing comment', '/* block */ {"image": "alpine"}',
    '{"image": "alpine",}', '{"image": "alpine", "image": "debian"}', '{"build": {}}',
    '{"build": {"dockerfile": "../../../../etc/passwd"}}', '{"build": {"dockerfile": 5}}',
    '{"build": "Dockerfile"}', '{"build": {"dockerfile": "missing.Dockerfile"}}',
    '{"dockerComposeFile": 5}', '{"dockerComposeFile": ["missing.yml"], "service": "app"}',
    '{"dockerComposeFile": "compose.yml"}', '{"features": "nope"}', '{"features": {"": {}}}',
    '{"features": {"./local": {}, "https://x.example/f.tgz": {}, "ghcr.io/a/b:1": {}}}',
    '\ufeff{"image": "alpine"}', '{"image": "alpine"}\x00', '{"image": "\\u0000"}',
    "{" * 500 + "}" * 500, '{"image": "' + "a" * 5000 + '"}',
]

ODD_DOCKERFILES = [
    "", "FROM", "FROM \n", "from alpine", "FROM --platform=$BUILDPLATFORM golang AS build\nFROM build",
    "ARG\nFROM ${}", "ARG BASE\nFROM ${BASE}", "ARG BASE=\nFROM $BASE", "FROM ${BASE:-alpine}",
    "FROM ${BASE:?required}", "FROM scratch", "FROM a AS b\nFROM b AS c\nFROM c",
    "FROM alpine \\\n  AS x", "# syntax=docker/dockerfile:1\nFROM alpine", "FROM \x00",
    "FROM " + "a" * 3000, "FROM a b c d", "RUN echo no from", "FROM alpine\n" * 200,
]

ODD_COMPOSE = [
    "", ":", "- list", "services:", "services: 5", "services:\n  app: 5",
    "services:\n  app:\n    image: 5", "services:\n  app:\n    image: ''",
    "services:\n  app:\n    build: .", "services:\n  app:\n    build:\n      dockerfile: nope",
    "!!python/object/apply:os.system ['id']", "a: &a [*a]", "\t\tbad indent", "x" * 5000,
    "services:\n  app:\n    image: ${IMAGE:-myco.azurecr.io/app:1}",
]

ODD_LOGS = [
    b"", b"\n", b"\x00" * 100, bytes(range(256)), b"\xff\xfe\xfd", "ü".encode("latin-1"),
    b"no basic auth credentials", b"x" * 200_000 + b"\nmanifest unknown\n",
    b"toomanyrequests\nGPG error NO_PUBKEY\n", b"\r\r\r", b"x509: certificate" * 1000,
    b"Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc unauthorized",
]


def option_cases() -> list[tuple[str, dict]]:
    """Every corpus case as (id, make_options kwargs)."""
    cases: list[tuple[str, dict]] = []
    for i, name in enumerate(ODD_NAMES):
        cases.append((f"name-{i}", {"env": {name: "value-1234"}}))
    for i, value in enumerate(ODD_VALUES):
        for part in ("SERVER", "USER", "PASSWORD"):
            env = {f"A{FAMILY}SERVER": "x.example", f"A{FAMILY}USER": "u",
                   f"A{FAMILY}PASSWORD": "p-1234"}
            env[f"A{FAMILY}{part}"] = value
            cases.append((f"value-{i}-{part.lower()}", {"env": env}))
    for i, server in enumerate(ODD_SERVERS):
        env = {f"A{FAMILY}SERVER": server, f"A{FAMILY}USER": "AWS", f"A{FAMILY}PASSWORD": "p-1234"}
        cases.append((f"server-{i}", {"env": env}))
    for i, text in enumerate(ODD_ENV_FILES):
        cases.append((f"envfile-{i}", {"env_file": text}))
    for i, text in enumerate(ODD_ENV_SECRETS):
        cases.append((f"envsecrets-{i}", {"codespaces_files": {"shared/.env-secrets": text}}))
    for i, text in enumerate(ODD_DEVCONTAINERS):
        cases.append((f"devcontainer-{i}", {"workspace_files": {
            ".devcontainer/devcontainer.json": text, ".devcontainer/compose.yml": "services: {}"}}))
    for i, text in enumerate(ODD_DOCKERFILES):
        cases.append((f"dockerfile-{i}", {"workspace_files": {
            ".devcontainer/devcontainer.json": '{"build": {"dockerfile": "Dockerfile"}}',
            ".devcontainer/Dockerfile": text}}))
    for i, text in enumerate(ODD_COMPOSE):
        cases.append((f"compose-{i}", {"workspace_files": {
            ".devcontainer/devcontainer.json": '{"dockerComposeFile": "c.yml", "service": "app"}',
            ".devcontainer/c.yml": text}}))
    for i, data in enumerate(ODD_LOGS):
        cases.append((f"log-{i}", {"codespaces_files": {
            ".persistedshare/creation.log": data, ".persistedshare/RECOVERY-REASON-FILE": data}}))
    for i, ref in enumerate(["", " ", "UPPER", "a/b/c/d/e/f:g", ":tag", "@sha256:", "h:1/x@y",
                             "x" * 500, "localhost/a", "ü.example/a", "[::1]:5000/a:b"]):
        cases.append((f"image-{i}", {"image": ref}))
    return cases


CLI_CASES = [
    ("dumb-terminal", {"TERM": "dumb"}),
    ("ascii-output", {"PYTHONIOENCODING": "ascii"}),
    ("latin1-locale", {"LANG": "en_US.ISO-8859-1", "LC_ALL": "C", "PYTHONIOENCODING": "latin-1"}),
    ("no-locale", {"LANG": "", "LC_ALL": ""}),
    ("tiny-columns", {"COLUMNS": "5", "LINES": "2"}),
    ("no-color", {"NO_COLOR": "1", "TERM": "xterm-256color"}),
    ("huge-columns", {"COLUMNS": "100000"}),
]
