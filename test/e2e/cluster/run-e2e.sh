#!/usr/bin/env bash
# Run the real-control-plane e2e suite (vitest project "cluster"):
#   1. build etcd, kube-apiserver, kube-scheduler, kube-controller-manager, kwok (cached),
#   2. start the cluster (cluster.sh start),
#   3. npx vitest run --project cluster, with KUBEDECK_E2E_* in the environment,
#   4. stop everything it started, also when a step fails or the run is interrupted.
# Extra arguments go to vitest (e.g. a file filter, -t NAME).
# Build budget: KUBEDECK_BUILD_BUDGET_SECONDS (lib.sh); cluster knobs: cluster.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

T0=$(date +%s)
"$HERE/build.sh" all
T_BUILD=$(( $(date +%s) - T0 ))

RUN_DIR=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$RUN_DIR" ]]; then
    rm -f "$RUN_DIR.env"
    if [[ -d "$RUN_DIR" && -z "$(ls -A "$RUN_DIR")" ]]; then
      rmdir "$RUN_DIR"
    else
      "$HERE/cluster.sh" stop "$RUN_DIR" || log "WARNING: stopping the cluster in $RUN_DIR failed"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A run dir of our own, known before start, so the trap can stop a half-started cluster.
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kubedeck-e2e.XXXXXX")"
# The contract suite waits for an etcd compaction; keep that wait short.
export KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL="${KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL:-10s}"
T1=$(date +%s)
KUBEDECK_E2E_SKIP_BUILD=1 KUBEDECK_E2E_RUN_DIR="$RUN_DIR" "$HERE/cluster.sh" start >"$RUN_DIR.env"
set -a
# shellcheck disable=SC1090
source "$RUN_DIR.env"
set +a
rm -f "$RUN_DIR.env"
T_START=$(( $(date +%s) - T1 ))

T2=$(date +%s)
rc=0
(cd "$REPO" && npx vitest run --project cluster "$@") || rc=$?
T_TEST=$(( $(date +%s) - T2 ))
log "timings: build ${T_BUILD}s, cluster start ${T_START}s, tests ${T_TEST}s"
exit "$rc"
