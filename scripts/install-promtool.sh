#!/usr/bin/env bash
# Makes promtool 3.x available to the tests in .tools/promtool/ (git-ignored); `npm test` runs this
# first (pretest), so it is quick and silent when promtool is already there, or when PROMTOOL names one.
# Debian stable's `prometheus` package carries promtool 2.42, whose `check config` rejects Prometheus 3
# settings; Debian unstable has a separate `promtool` package (3.x). It is fetched from the mirror this
# machine's apt already uses (scripts/apt-source.js reads it; no host is named here) with a private apt
# state and unpacked with `dpkg -x`, so the system's package set is not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

target=.tools/promtool
if [ -n "${PROMTOOL:-}" ]; then
  [ -x "$PROMTOOL" ] || { echo "install-promtool: PROMTOOL=$PROMTOOL is not an executable file" >&2; exit 1; }
  exit 0
fi
[ -x "$target/usr/bin/promtool" ] && exit 0

hint="install promtool >= 3 and set PROMTOOL=/path/to/promtool"
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-promtool: $tool not found: $hint" >&2; exit 1; }
done
archive=$(node scripts/apt-source.js) || { echo "install-promtool: $hint" >&2; exit 1; }

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
echo "deb $archive sid main" > "$state/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$state/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
  -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root
)
echo "install-promtool: fetching Debian's promtool package (unstable) into $target" >&2
if ! apt-get "${apt_opts[@]}" update -qq >"$state/log" 2>&1 \
  || ! (cd "$state/download" && apt-get "${apt_opts[@]}" download promtool >>"$state/log" 2>&1); then
  echo "install-promtool: apt could not fetch promtool from $archive ($(tail -n 1 "$state/log")): $hint" >&2
  exit 1
fi
rm -rf "$target" && mkdir -p "$target"
dpkg -x "$state"/download/promtool_*.deb "$target"
echo "install-promtool: $("$target/usr/bin/promtool" --version | head -n 1)" >&2
