#!/usr/bin/env bash
# Installs Debian's `chromium` (a headless browser for the browser-telemetry test) through the
# machine's own apt configuration. Idempotent: does nothing when the browser is already there.
# Exit codes: 0 installed or present; 3 apt is not available here (callers skip with that reason);
# anything else: the install failed.
set -euo pipefail

browser=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$browser" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: cannot install chromium; set CHROMIUM_PATH to a Chromium binary" >&2
  exit 3
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: cannot install chromium with apt-get; run as root or set CHROMIUM_PATH" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
# Try the package lists already present first; refresh them only when that fails.
if ! apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"$browser" --version
