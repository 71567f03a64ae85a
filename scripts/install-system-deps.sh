#!/usr/bin/env bash
# Installs the system packages the runner needs when they are missing: Debian's Chromium, and
# bubblewrap, which jails the local runner (CODE3DBENCH_LOCAL_JAIL; the runner works without it,
# unconfined, with a warning). Needs root or sudo; a Chromium elsewhere can be named with
# CODE3DBENCH_CHROMIUM instead.
set -euo pipefail
packages=()
if [[ -n "${CODE3DBENCH_CHROMIUM:-}" ]]; then
    [[ -x "$CODE3DBENCH_CHROMIUM" ]] || { echo "CODE3DBENCH_CHROMIUM=$CODE3DBENCH_CHROMIUM is not executable" >&2; exit 1; }
elif ! command -v chromium >/dev/null 2>&1; then
    packages+=(chromium)
fi
command -v bwrap >/dev/null 2>&1 || packages+=(bubblewrap)
if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi
command -v node >/dev/null 2>&1 || echo "note: Node.js >= 20 is also required (apt-get install nodejs npm)" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        if [[ " ${packages[*]} " == *" chromium "* ]]; then
            echo "Chromium is missing: install Debian's 'chromium' package as root, or set CODE3DBENCH_CHROMIUM" >&2
            exit 1
        fi
        echo "note: bubblewrap is missing, so the local runner is not jailed: install Debian's 'bubblewrap' package as root" >&2
        exit 0
    fi
    SUDO="sudo"
fi
echo "Installing Debian's ${packages[*]} (apt-get) ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
