#!/usr/bin/env bash
# Start-up time, CPU time (user + system: steadier than wall on a loaded machine) and
# peak memory of what `npm run build` ships: the .mjs on the project's Node and the
# single executable, for `--version` and a demo snapshot (which starts the demo
# cluster's worker too). Median of RUNS runs (default 9).
#   npm run build && bash bench/startup.sh [RUNS]
# DIST=DIR takes kubedeck.mjs and the executable from DIR instead of dist/ (e.g. an older
# build, to compare). The demo's worker finds its compile cache warm after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
dist=${DIST:-dist}
node=node_modules/.bin/node
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
exe=$dist/kubedeck-linux-$arch
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local label=$1; shift
  local t m c out
  out=$(mktemp)
  for _ in $(seq "$runs"); do /usr/bin/time -f '%e %M %U %S' -a -o "$out" "$@" >/dev/null 2>&1; done
  t=$(awk '{print $1}' "$out" | median)
  m=$(awk '{print $2}' "$out" | median)
  c=$(awk '{printf "%.2f\n", $3 + $4}' "$out" | median)
  printf '| %s | %s s | %s s | %d MiB |\n' "$label" "$t" "$c" $((m / 1024))
  rm -f "$out"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $($node --version)"
printf '| file | size |\n|---|---:|\n'
for f in "$dist/kubedeck.mjs" "$exe"; do printf '| %s | %s |\n' "$f" "$(du -h "$f" | cut -f1)"; done
printf '\n| command | wall (median of %d) | CPU | peak RSS |\n|---|---:|---:|---:|\n' "$runs"
measure "node kubedeck.mjs --version" "$node" "$dist/kubedeck.mjs" --version
measure "kubedeck-linux-$arch --version" "$exe" --version
measure "node kubedeck.mjs --demo snapshot pods -A" "$node" "$dist/kubedeck.mjs" --demo snapshot pods -A
measure "kubedeck-linux-$arch --demo snapshot pods -A" "$exe" --demo snapshot pods -A
