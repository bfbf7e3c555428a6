#!/usr/bin/env bash
# Makes the Debian tools the tests run available in .tools/<package>/ (git-ignored), from Debian unstable:
#   promtool                 promtool 3.x: rule checks, rule unit tests, `check config`, `tsdb create-blocks-from`
#   prometheus               a real Prometheus server, for the advisor's tests
#   prometheus-alertmanager  amtool and a real Alertmanager, for the alerting tests
#   docker-compose           Compose v2 (`docker-compose config` validates the Compose files without a daemon)
# `npm run test:programs` runs this first (its pre-step), and .ci/run before the e2e runs: quick and silent when present. Debian stable's packages
# are too old (promtool 2.42 rejects Prometheus 3 settings; Alertmanager 0.25 lacks webhook `url_file`).
# Each .deb comes from the mirror this machine's apt already uses (scripts/apt-source.js reads it; no
# host is named here), downloaded with a private apt state and unpacked with `dpkg -x`, so the
# system's package set is not changed.
# Usage: install-test-tools.sh [package...]   (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."

# package → the binary that proves it is installed (under .tools/<package>/)
declare -A binary=([promtool]=usr/bin/promtool [prometheus]=usr/bin/prometheus [prometheus-alertmanager]=usr/bin/alertmanager-local
  [docker-compose]=usr/libexec/docker/cli-plugins/docker-compose)
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(promtool prometheus prometheus-alertmanager docker-compose)

missing=()
for package in "${packages[@]}"; do
  [ -n "${binary[$package]:-}" ] || { echo "install-test-tools: unknown package '$package' (one of: ${!binary[*]})" >&2; exit 2; }
  [ -x ".tools/$package/${binary[$package]}" ] || missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0

hint="install ${missing[*]} (Debian unstable) and unpack each into .tools/<package>/, or point PROMTOOL at a promtool 3.x"
for tool in apt-get dpkg perl node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-tools: $tool not found: $hint" >&2; exit 1; }
done
archive=$(node scripts/apt-source.js) || { echo "install-test-tools: $hint" >&2; exit 1; }

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
echo "deb $archive sid main" > "$state/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$state/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
  -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root
)
echo "install-test-tools: fetching ${missing[*]} (Debian unstable) into .tools/" >&2
if ! apt-get "${apt_opts[@]}" update -qq >"$state/log" 2>&1 \
  || ! (cd "$state/download" && apt-get "${apt_opts[@]}" download -qq "${missing[@]}" >>"$state/log" 2>&1); then
  echo "install-test-tools: apt could not fetch ${missing[*]} from $archive ($(tail -n 1 "$state/log")): $hint" >&2
  exit 1
fi
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
  echo "install-test-tools: $package $(".tools/$package/${binary[$package]}" --version 2>&1 | head -n 1)" >&2
done
