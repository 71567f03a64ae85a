#!/usr/bin/env bash
# Builds the sandbox image (code3dbench/sandbox/compose.yaml) for `sandbox=docker` and tests/docker.
#
# On a machine with Docker this only builds the image (Inspect would also build it at the first
# docker run). On this project's development and CI machines no daemon runs and no registry can
# be reached: there the environment's own tooling in ../shared/tools/docker (not part of the
# product) installs and starts an engine and builds a local stand-in for node:20-bookworm-slim
# first. Where no engine can be had, this says why and exits 0, so that `make test` still runs
# (tests/docker then skip), except in CI (CI set), where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${CODE3DBENCH_DOCKER_TOOLS:-../shared/tools/docker}
BASE=node:20-bookworm-slim

unavailable() {
    echo "docker-image: $1" >&2
    if [[ -n "${CI:-}" ]]; then exit 1; fi
    echo "docker-image: tests/docker will be skipped" >&2
    exit 0
}

if ! docker info >/dev/null 2>&1; then
    if [[ -f "$TOOLS/start-docker-engine.sh" ]]; then
        bash "$TOOLS/start-docker-engine.sh" || unavailable "the Docker engine could not be started"
    else
        unavailable "no Docker daemon answers (start Docker, or see $TOOLS)"
    fi
fi
if ! docker image inspect "$BASE" >/dev/null 2>&1 && [[ -f "$TOOLS/make-node-base-image.sh" ]]; then
    bash "$TOOLS/make-node-base-image.sh"
fi
start=$(date +%s)
docker compose -f code3dbench/sandbox/compose.yaml build --quiet
echo "docker-image: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' \
    "$(sed -n 's/^ *image: *//p' code3dbench/sandbox/compose.yaml)") built in $(( $(date +%s) - start )) s"
