#!/usr/bin/env bash
# Installs the system packages the runner needs (Debian's Chromium) when they are missing.
# Needs root or sudo; a Chromium elsewhere can be named with CODE3DBENCH_CHROMIUM instead.
set -euo pipefail
if [[ -n "${CODE3DBENCH_CHROMIUM:-}" ]]; then
    [[ -x "$CODE3DBENCH_CHROMIUM" ]] || { echo "CODE3DBENCH_CHROMIUM=$CODE3DBENCH_CHROMIUM is not executable" >&2; exit 1; }
    exit 0
fi
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
command -v node >/dev/null 2>&1 || echo "note: Node.js >= 20 is also required (apt-get install nodejs npm)" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "Chromium is missing: install Debian's 'chromium' package as root, or set CODE3DBENCH_CHROMIUM" >&2; exit 1; }
    SUDO="sudo"
fi
echo "Installing Debian's chromium (apt-get) ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
