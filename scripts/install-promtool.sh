#!/usr/bin/env bash
# Installs promtool 3.x into .tools/promtool/ (git-ignored) for the rule checks, rule unit tests and
# `promtool check config` in the tests. Debian stable's `prometheus` package carries promtool 2.42,
# whose `check config` rejects Prometheus 3 settings (the `otlp:` block); Debian unstable has a
# separate `promtool` package (3.x). It is downloaded from Debian's archive with a private apt state
# and unpacked with `dpkg -x`, so the system's package set is not changed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

target=.tools/promtool
if [ -x "$target/usr/bin/promtool" ]; then
  echo "promtool present: $("$target/usr/bin/promtool" --version | head -n 1)"
  exit 0
fi
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: install promtool >= 3 and set PROMTOOL=/path/to/promtool" >&2; exit 1; }
done

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
echo "deb http://deb.debian.org/debian sid main" > "$state/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$state/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
  -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root
)
apt-get "${apt_opts[@]}" update -qq
(cd "$state/download" && apt-get "${apt_opts[@]}" download promtool)
rm -rf "$target" && mkdir -p "$target"
dpkg -x "$state"/download/promtool_*.deb "$target"
"$target/usr/bin/promtool" --version | head -n 1
