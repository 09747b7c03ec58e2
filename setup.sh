#!/usr/bin/env bash
# One-time set-up on a fresh machine: Graphviz (Debian) for diagrams, then culturemap with its test tools.
set -euo pipefail
cd "$(dirname "$0")"
need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
echo "culturemap is installed: $(command -v culturemap || echo 'python3 -m culturemap')"
