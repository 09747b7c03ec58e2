#!/usr/bin/env bash
# One-time set-up on a fresh machine: Graphviz for diagrams, then culturemap with its test tools in a
# project-local virtual environment (.venv), so the system Python (PEP 668) is never touched.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
PYTHON="${PYTHON:-python3}"

if ! command -v dot >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install graphviz
  else
    echo "Graphviz ('dot') is missing: install it from https://graphviz.org/download/ (diagrams need it)." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu ship venv apart (python3.X-venv).
    rm -rf .venv
    if command -v apt-get >/dev/null 2>&1; then
      ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "python${ver}-venv" >/dev/null \
        || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "Error: '$PYTHON -m venv' failed; install Python's venv module and run setup.sh again." >&2
      exit 1
    fi
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
echo "culturemap is installed in .venv: run it as .venv/bin/culturemap (or 'source .venv/bin/activate')."
