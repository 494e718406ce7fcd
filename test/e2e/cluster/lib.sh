# shellcheck shell=bash
# Shared settings for the real-control-plane e2e scripts (sourced, not executed).
# Every value can be overridden from the environment.

# Versions. k8s.io/kubernetes is built from the Go module proxy; its staging
# modules (k8s.io/api, k8s.io/apiserver, ...) are replaced by the matching v0.X.Y.
KUBEDECK_K8S_VERSION="${KUBEDECK_K8S_VERSION:-v1.37.2}"
KUBEDECK_ETCD_VERSION="${KUBEDECK_ETCD_VERSION:-v3.6.16}"
KUBEDECK_KWOK_VERSION="${KUBEDECK_KWOK_VERSION:-v0.8.0}"

# Build cache, outside the repository, keyed by version.
KUBEDECK_CACHE_DIR="${KUBEDECK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubedeck}"
K8S_DIR="$KUBEDECK_CACHE_DIR/k8s/$KUBEDECK_K8S_VERSION"
ETCD_DIR="$KUBEDECK_CACHE_DIR/etcd/$KUBEDECK_ETCD_VERSION"
KWOK_DIR="$KUBEDECK_CACHE_DIR/kwok/$KUBEDECK_KWOK_VERSION"
KUBE_APISERVER_BIN="$K8S_DIR/bin/kube-apiserver"
KUBE_SCHEDULER_BIN="$K8S_DIR/bin/kube-scheduler"
KUBE_CONTROLLER_MANAGER_BIN="$K8S_DIR/bin/kube-controller-manager"
ETCD_BIN="$ETCD_DIR/bin/etcd"
KWOK_BIN="$KWOK_DIR/bin/kwok"
KWOKCTL_BIN="$KWOK_DIR/bin/kwokctl"

# Wall-clock budget (seconds) for one build.sh run. When a go build would run past
# it, it is killed and build.sh fails with a message saying the budget was exceeded.
KUBEDECK_BUILD_BUDGET_SECONDS="${KUBEDECK_BUILD_BUDGET_SECONDS:-3000}"
# Parallelism of go build (the machine has 2 cores and is shared).
KUBEDECK_GO_BUILD_P="${KUBEDECK_GO_BUILD_P:-2}"

log() { printf '[kubedeck-e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
