#!/usr/bin/env bash
# Installs the Debian tools the tests run into .tools/<package>/ (git-ignored), from Debian unstable:
#   promtool                 promtool 3.x: rule checks, rule unit tests, `check config`, `tsdb create-blocks-from`
#   prometheus               a real Prometheus server, for the advisor's tests
#   prometheus-alertmanager  amtool and a real Alertmanager, for the alerting tests
# Debian stable's packages are too old (promtool 2.42 rejects Prometheus 3 settings; Alertmanager 0.25
# lacks webhook `url_file`). Each .deb is downloaded with a private apt state and unpacked with
# `dpkg -x`, so the system's package set is not changed. The archive is the one this machine's own apt
# configuration uses (no archive host is written here). Idempotent: present packages are skipped.
# Usage: install-test-tools.sh [package...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."

# package → the binary that proves it is installed
declare -A binary=([promtool]=promtool [prometheus]=prometheus [prometheus-alertmanager]=alertmanager-local)
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(promtool prometheus prometheus-alertmanager)

missing=()
for package in "${packages[@]}"; do
  [ -n "${binary[$package]:-}" ] || { echo "unknown package '$package' (one of: ${!binary[*]})" >&2; exit 2; }
  [ -x ".tools/$package/usr/bin/${binary[$package]}" ] || missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0

for tool in apt-get apt-cache dpkg perl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: install ${missing[*]} (Debian unstable) yourself and unpack into .tools/<package>/" >&2; exit 1; }
done

# The Debian archive this machine already uses: from apt's own view of its sources (the entry whose
# release is labelled plain "Debian", not Debian-Security), else the first URIs:/deb line of its sources.
archive=$(apt-cache policy 2>/dev/null | awk '/ Packages$/ { url = $2 } /release .*l=Debian,/ { if (url) { print url; exit } }')
if [ -z "$archive" ]; then
  archive=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
fi
if [ -z "$archive" ]; then
  archive=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" && $0 ~ /debian/ && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }')
fi
[ -n "$archive" ] || { echo "no Debian archive found in this machine's apt sources" >&2; exit 1; }

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
echo "deb $archive sid main" > "$state/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$state/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
  -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root
)
apt-get "${apt_opts[@]}" update -qq
(cd "$state/download" && apt-get "${apt_opts[@]}" download -qq "${missing[@]}")
for package in "${missing[@]}"; do
  rm -rf ".tools/$package" && mkdir -p ".tools/$package"
  dpkg -x "$state"/download/"${package}"_*.deb ".tools/$package"
  if [ "$package" = prometheus-alertmanager ]; then
    # Debian's alertmanager reads its default templates from /usr/share/prometheus/alertmanager, which
    # is not there without installing the package. A copy with that path made relative (same length:
    # usr/share/prometheus//alertmanager) finds them when started in .tools/prometheus-alertmanager/.
    perl -pe 's{/usr/share/prometheus/alertmanager}{usr/share/prometheus//alertmanager}g' \
      ".tools/$package/usr/bin/prometheus-alertmanager" > ".tools/$package/usr/bin/alertmanager-local"
    chmod +x ".tools/$package/usr/bin/alertmanager-local"
  fi
  echo "installed $package: $(".tools/$package/usr/bin/${binary[$package]}" --version 2>&1 | head -n 1)"
done
