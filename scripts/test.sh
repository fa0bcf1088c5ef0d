#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs every test.
# Debian packages (as root): docker.io (dockerd), docker-registry (CNCF distribution),
# apache2-utils (htpasswd), tmux (the real-terminal test). Python: a venv in .venv with the
# project and its test extras. Servers are started by the tests themselves (session fixtures).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v tmux >/dev/null || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

.venv/bin/ruff check tui tests
# Types: mypy over tui/ (check_untyped_defs and the rest in pyproject.toml), zero errors.
.venv/bin/python -m mypy
# pytest exits 5 when it ran no test: that is a failure here too (set -e). The suite takes
# about 2 minutes; a hang is cut off after 20 so it fails instead of stalling CI.
exec timeout --kill-after=30 1200 .venv/bin/python -m pytest -q "$@"
