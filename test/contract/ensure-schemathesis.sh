#!/usr/bin/env bash
# Installs schemathesis from the team's tool folder into a virtualenv, as its run.sh does, unless
# it is there already; prints the tool folder and the virtualenv, one a line.
#   SCHEMATHESIS_TOOL  the folder with the wheel, schemathesis.toml and hooks.py
#                      (default: ../shared/tools/schemathesis beside the repository, then /work/shared/…)
#   ST_VENV            the virtualenv (default /tmp/schemathesis-venv, run.sh's)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOL="${SCHEMATHESIS_TOOL:-}"
if [ -z "$TOOL" ]; then
  for candidate in "$ROOT/../shared/tools/schemathesis" /work/shared/tools/schemathesis; do
    if [ -f "$candidate/schemathesis.toml" ]; then TOOL="$(cd "$candidate" && pwd)" && break; fi
  done
fi
if [ -z "$TOOL" ] || ! ls "$TOOL"/schemathesis-*.whl > /dev/null 2>&1; then
  echo "schemathesis not found: set SCHEMATHESIS_TOOL to the folder holding its wheel and schemathesis.toml" >&2
  exit 1
fi
VENV="${ST_VENV:-/tmp/schemathesis-venv}"
if ! "$VENV/bin/schemathesis" --version > /dev/null 2>&1; then
  echo "installing schemathesis into $VENV…" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # The same packages and pins as the tool's run.sh, from the machine's package index.
  PIP=("$VENV/bin/pip" install -q --disable-pip-version-check --retries 0 --timeout 20)
  "${PIP[@]}" --no-deps "$TOOL"/schemathesis-*.whl >&2
  "${PIP[@]}" click harfile hypothesis hypothesis-graphql jsonschema-rs \
    'pyrate-limiter>=4,<5' 'pytest>=9,<10' PyYAML requests rich typing-extensions werkzeug >&2
fi
echo "$TOOL"
echo "$VENV"
