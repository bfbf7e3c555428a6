#!/usr/bin/env bash
# Installs promtool (rule checks and rule unit tests in test/config/rules.test.ts).
# Idempotent: does nothing when promtool is already on PATH. Debian/Ubuntu only: the
# `prometheus` package ships /usr/bin/promtool and does not start a service in containers/CI.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  echo "promtool already installed: $(command -v promtool)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install promtool from https://prometheus.io/download/ and put it on PATH (or set PROMTOOL)." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends prometheus
promtool --version | head -n 1
