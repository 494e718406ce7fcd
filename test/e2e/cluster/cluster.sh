#!/usr/bin/env bash
# Start / stop a real Kubernetes control plane on loopback for the e2e suite:
# etcd, kube-apiserver, kube-scheduler, kube-controller-manager, a JWT issuer and
# kwok (simulated nodes, pod lifecycles via Stages, container logs via ClusterLogs).
#
#   cluster.sh start        builds (cached), starts everything in a fresh run dir and
#                           prints KEY=VALUE lines (also written to <run-dir>/env):
#                             KUBEDECK_E2E_RUN_DIR, KUBEDECK_E2E_KUBECONFIG (admin),
#                             KUBEDECK_E2E_VIEWER_KUBECONFIG, KUBEDECK_E2E_JWT_KUBECONFIG,
#                             KUBEDECK_E2E_SERVER, ... (see write_env)
#   cluster.sh stop [DIR]   kills every process the run started (by the pids it recorded)
#                           and removes the run dir. DIR defaults to $KUBEDECK_E2E_RUN_DIR,
#                           else the last run started from this cache dir. Safe to call
#                           after a failed or partial start, and twice.
#   cluster.sh status [DIR] shows which of the run's processes are alive.
#   cluster.sh restart-apiserver [DIR]
#                           stops kube-apiserver (SIGTERM) and starts it again with the same
#                           command line and port; returns once /readyz answers. etcd keeps
#                           its data; the new API server's watch cache starts empty.
#
# Environment (all optional):
#   KUBEDECK_E2E_RUN_DIR          run dir to use for start (default: mktemp -d under $TMPDIR)
#   KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL  kube-apiserver --etcd-compaction-interval (default 5m;
#                                 compaction tests use e.g. 10s)
#   KUBEDECK_E2E_KCM_CONTROLLERS  kube-controller-manager --controllers (default '*')
#   KUBEDECK_E2E_NODES            number of KWOK nodes (default 1: kwok-node-0, ...)
#   KUBEDECK_E2E_START_TIMEOUT    seconds to wait for each component (default 120)
#   KUBEDECK_E2E_KEEP_ON_FAILURE  1: on a failed start, keep processes and run dir for debugging
#   KUBEDECK_E2E_V                log verbosity of the Kubernetes components (default 1)
#   KUBEDECK_E2E_SKIP_BUILD       1: do not call build.sh (the binaries must be in the cache)
#   plus the versions and cache dir of lib.sh.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

COMPACTION_INTERVAL="${KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL:-5m}"
KCM_CONTROLLERS="${KUBEDECK_E2E_KCM_CONTROLLERS:-*}"
NODES="${KUBEDECK_E2E_NODES:-1}"
START_TIMEOUT="${KUBEDECK_E2E_START_TIMEOUT:-120}"
VERBOSITY="${KUBEDECK_E2E_V:-1}"
KUBECTL="${KUBECTL:-kubectl}"
NODE_BIN="${NODE:-node}"

VIEWER_USER=kubedeck-viewer
VIEWER_NAMESPACE=e2e-view
JWT_AUDIENCE=kubedeck-e2e
JWT_SUB=e2e-jwt-subject-0001
JWT_PREFERRED_USERNAME=alice
JWT_GROUP=kubedeck-e2e-users
# How the AuthenticationConfiguration maps the claims (see write_authn_config).
JWT_EXPECTED_USERNAME="jwt:$JWT_PREFERRED_USERNAME"
JWT_EXPECTED_GROUP="jwt:$JWT_GROUP"
RUN_MARKER=.kubedeck-e2e-run
LAST_RUN_FILE="$KUBEDECK_CACHE_DIR/last-run"
# Start order; stop goes in reverse.
COMPONENTS=(etcd jwt-issuer kube-apiserver kube-scheduler kube-controller-manager kwok)

# --------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------

# free_ports N: N distinct free TCP ports on 127.0.0.1 (held open together, then released).
free_ports() {
  "$NODE_BIN" -e '
    const net = require("node:net");
    const n = Number(process.argv[1]);
    const servers = [];
    const ports = [];
    const next = () => {
      if (ports.length === n) { console.log(ports.join(" ")); servers.forEach((s) => s.close()); return; }
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); servers.push(s); next(); });
    };
    next();' "$1"
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# pid_is_ours PID RUN: the process still is one this run started (its command line
# mentions the run dir), so a recycled pid is never killed.
pid_is_ours() {
  local pid="$1" run="$2"
  pid_alive "$pid" || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$run"
}

# spawn NAME CMD...: start a component in the background, logging to logs/NAME.log.
spawn() {
  local name="$1"; shift
  nohup "$@" >"$RUN/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/pids/$name.pid"
  log "started $name (pid $!)"
}

component_pid() { cat "$RUN/pids/$1.pid" 2>/dev/null || true; }

# wait_for NAME DESCRIPTION CMD...: poll CMD until it succeeds; fail early if the
# component NAME died, or after START_TIMEOUT seconds.
wait_for() {
  local name="$1" desc="$2"; shift 2
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  while true; do
    if "$@" >/dev/null 2>&1; then
      log "$desc: ok"
      return 0
    fi
    if [[ -n "$name" ]] && ! pid_alive "$(component_pid "$name")"; then
      log "ERROR: $name exited while waiting for: $desc"
      return 1
    fi
    if (( $(date +%s) > deadline )); then
      log "ERROR: timed out after ${START_TIMEOUT}s waiting for: $desc"
      return 1
    fi
    sleep 0.5
  done
}

# --------------------------------------------------------------------------------
# PKI (openssl): one cluster CA for serving + client certs, service-account keys,
# and a separate self-signed CA for the JWT issuer.
# --------------------------------------------------------------------------------
OPENSSL_CNF=""

pki_init() {
  command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
  OPENSSL_CNF="$RUN/pki/openssl.cnf"
  cat >"$OPENSSL_CNF" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
EOF
}

# new_ca NAME CN
new_ca() {
  local p="$RUN/pki/$1"
  openssl req -x509 -new -nodes -config "$OPENSSL_CNF" -extensions v3_ca \
    -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -keyout "$p.key" -out "$p.crt" -days 7 -subj "/CN=$2" 2>/dev/null
}

# new_cert NAME CA SUBJECT EXT_KEY_USAGE [SANS]
new_cert() {
  local p="$RUN/pki/$1" ca="$RUN/pki/$2" subj="$3" eku="$4" sans="${5:-}"
  local ext="$RUN/pki/$1.ext"
  {
    echo "basicConstraints = critical,CA:FALSE"
    echo "keyUsage = critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage = $eku"
    echo "authorityKeyIdentifier = keyid"
    [[ -n "$sans" ]] && echo "subjectAltName = $sans"
  } >"$ext"
  openssl req -new -nodes -config "$OPENSSL_CNF" \
    -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -keyout "$p.key" -out "$p.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$p.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial \
    -days 7 -extfile "$ext" -out "$p.crt" 2>/dev/null
  rm -f "$p.csr" "$ext"
}

make_pki() {
  pki_init
  new_ca ca "kubedeck-e2e-ca"
  new_cert apiserver ca "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1"
  new_cert admin ca "/O=system:masters/CN=kubedeck-admin" clientAuth
  new_cert viewer ca "/CN=$VIEWER_USER" clientAuth
  new_cert scheduler ca "/CN=system:kube-scheduler" clientAuth
  new_cert controller-manager ca "/CN=system:kube-controller-manager" clientAuth
  new_cert kwok ca "/O=system:masters/CN=kwok-controller" clientAuth
  new_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  new_cert kwok-serving ca "/CN=kwok-node-server" serverAuth "IP:127.0.0.1,DNS:localhost"
  # Front proxy (aggregation layer): the API server's client identity towards
  # aggregated API servers, and the CA the components trust for request headers.
  new_ca front-proxy-ca "kubedeck-e2e-front-proxy-ca"
  new_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" clientAuth
  # Service-account token signing keys.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/pki/sa.key" 2>/dev/null
  openssl pkey -in "$RUN/pki/sa.key" -pubout -out "$RUN/pki/sa.pub" 2>/dev/null
  # JWT issuer: its own self-signed CA, a loopback serving cert, a token signing key.
  new_ca jwt-ca "kubedeck-e2e-jwt-issuer-ca"
  new_cert jwt-serving jwt-ca "/CN=kubedeck-e2e-jwt-issuer" serverAuth "IP:127.0.0.1,DNS:localhost"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/pki/jwt-signing.key" 2>/dev/null
  chmod 600 "$RUN"/pki/*.key
  log "PKI written to $RUN/pki"
}

b64() { base64 -w0 <"$1"; }

# kubeconfig FILE USER [NAMESPACE] (client cert pki/USER.{crt,key}) or
# kubeconfig_token FILE USER TOKEN [NAMESPACE]
kubeconfig() {
  local user="$2"
  write_kubeconfig "$1" "$user" "${3:-default}" \
    "    client-certificate-data: $(b64 "$RUN/pki/$user.crt")
    client-key-data: $(b64 "$RUN/pki/$user.key")"
}

kubeconfig_token() {
  write_kubeconfig "$1" "$2" "${4:-default}" "    token: $3"
}

# write_kubeconfig FILE USER NAMESPACE CREDENTIAL-LINES (indented under user:)
write_kubeconfig() {
  local file="$1" user="$2" ns="$3" credential="$4"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubedeck-e2e
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$RUN/pki/ca.crt")
users:
- name: $user
  user:
$credential
contexts:
- name: $user@kubedeck-e2e
  context:
    cluster: kubedeck-e2e
    user: $user
    namespace: $ns
current-context: $user@kubedeck-e2e
EOF
  chmod 600 "$file"
}

write_authn_config() {
  # Structured authentication (apiserver.config.k8s.io/v1, GA in 1.34). Client certs
  # (--client-ca-file) keep working beside it.
  {
    cat <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: $JWT_ISSUER
    audiences:
    - $JWT_AUDIENCE
    certificateAuthority: |
EOF
    sed 's/^/      /' "$RUN/pki/jwt-ca.crt"
    cat <<EOF
  claimValidationRules:
  - expression: "has(claims.preferred_username) && claims.preferred_username != ''"
    message: preferred_username claim is required
  claimMappings:
    username:
      expression: "'jwt:' + claims.preferred_username"
    groups:
      claim: groups
      prefix: "jwt:"
    uid:
      claim: sub
    extra:
    - key: kubedeck.e2e/issuer
      valueExpression: "claims.iss"
EOF
  } >"$RUN/config/authentication.yaml"
}

write_kwok_config() {
  local logfile="$RUN/kwok/logs/container.log"
  # Container log in CRI format (what kubectl logs shows through the API server).
  # Tests may append lines (same format) to stream them with kubectl logs -f.
  local i now
  for i in $(seq 1 20); do
    now=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
    printf '%s stdout F kubedeck-e2e log line %d\n' "$now" "$i"
  done >"$logfile"
  {
    # No KwokConfiguration document: a partial one disables kwok's defaults (e.g. the
    # node lease parallelism); the options are flags instead.
    cat <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: all-containers
spec:
  logs:
  - logsFile: $logfile
    follow: true
EOF
    echo "---"
    cat "$HERE/kwok/stages.yaml"
  } >"$RUN/config/kwok.yaml"
}

create_nodes() {
  local i name
  for (( i = 0; i < NODES; i++ )); do
    name="kwok-node-$i"
    "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubedeck.e2e/kwok: "true"
status:
  allocatable:
    cpu: "32"
    memory: 256Gi
    pods: "110"
  capacity:
    cpu: "32"
    memory: 256Gi
    pods: "110"
  nodeInfo:
    architecture: amd64
    kubeletVersion: kwok-$KUBEDECK_KWOK_VERSION
    kubeProxyVersion: kwok-$KUBEDECK_KWOK_VERSION
    operatingSystem: linux
EOF
  done
}

apply_rbac() {
  # The viewer: read-only (ClusterRole view) in one namespace, nothing cluster-wide.
  "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $VIEWER_NAMESPACE
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: kubedeck-viewer-view
  namespace: $VIEWER_NAMESPACE
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: $VIEWER_USER
EOF
}

write_env() {
  local f="$RUN/env"
  {
    printf 'KUBEDECK_E2E_RUN_DIR=%q\n' "$RUN"
    printf 'KUBEDECK_E2E_KUBECONFIG=%q\n' "$ADMIN_KUBECONFIG"
    printf 'KUBEDECK_E2E_VIEWER_KUBECONFIG=%q\n' "$RUN/kubeconfig/viewer.kubeconfig"
    printf 'KUBEDECK_E2E_JWT_KUBECONFIG=%q\n' "$RUN/kubeconfig/jwt.kubeconfig"
    printf 'KUBEDECK_E2E_SERVER=%q\n' "$SERVER"
    printf 'KUBEDECK_E2E_K8S_VERSION=%q\n' "$KUBEDECK_K8S_VERSION"
    printf 'KUBEDECK_E2E_VIEWER_USER=%q\n' "$VIEWER_USER"
    printf 'KUBEDECK_E2E_VIEWER_NAMESPACE=%q\n' "$VIEWER_NAMESPACE"
    printf 'KUBEDECK_E2E_JWT_USERNAME=%q\n' "$JWT_EXPECTED_USERNAME"
    printf 'KUBEDECK_E2E_JWT_GROUP=%q\n' "$JWT_EXPECTED_GROUP"
    printf 'KUBEDECK_E2E_JWT_ISSUER=%q\n' "$JWT_ISSUER"
    printf 'KUBEDECK_E2E_KWOK_NODES=%q\n' "$(for (( i = 0; i < NODES; i++ )); do printf 'kwok-node-%d ' "$i"; done | sed 's/ $//')"
    printf 'KUBEDECK_E2E_POD_LOG=%q\n' "$RUN/kwok/logs/container.log"
    printf 'KUBEDECK_E2E_ETCD_ENDPOINT=%q\n' "http://127.0.0.1:$ETCD_PORT"
    printf 'KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL=%q\n' "$COMPACTION_INTERVAL"
  } >"$f"
}

dump_logs() {
  local name
  for name in "${COMPONENTS[@]}"; do
    [[ -f "$RUN/logs/$name.log" ]] || continue
    log "---- last lines of $RUN/logs/$name.log ----"
    tail -n 15 "$RUN/logs/$name.log" >&2 || true
  done
}

# --------------------------------------------------------------------------------
# start
# --------------------------------------------------------------------------------
start() {
  if [[ "${KUBEDECK_E2E_SKIP_BUILD:-0}" != 1 ]]; then "$HERE/build.sh" all; fi
  local bin
  for bin in "$ETCD_BIN" "$KUBE_APISERVER_BIN" "$KUBE_SCHEDULER_BIN" "$KUBE_CONTROLLER_MANAGER_BIN" "$KWOK_BIN"; do
    [[ -x "$bin" ]] || die "$bin is missing: run $HERE/build.sh"
  done

  command -v "$KUBECTL" >/dev/null || die "kubectl not found"
  command -v "$NODE_BIN" >/dev/null || die "node not found"
  command -v curl >/dev/null || die "curl not found"

  if [[ -n "${KUBEDECK_E2E_RUN_DIR:-}" ]]; then
    RUN="$KUBEDECK_E2E_RUN_DIR"
    mkdir -p "$RUN"
    [[ -z "$(ls -A "$RUN")" ]] || die "KUBEDECK_E2E_RUN_DIR=$RUN is not empty"
  else
    RUN="$(mktemp -d "${TMPDIR:-/tmp}/kubedeck-e2e.XXXXXX")"
  fi
  RUN="$(cd "$RUN" && pwd)"
  touch "$RUN/$RUN_MARKER"
  mkdir -p "$RUN"/{pki,pids,logs,config,kubeconfig,etcd,kwok/logs,certs} "$KUBEDECK_CACHE_DIR"
  echo "$RUN" >"$LAST_RUN_FILE"
  START_OK=0
  trap '[[ $START_OK == 1 ]] || on_start_failure' EXIT
  trap 'exit 130' INT TERM
  log "run dir: $RUN"

  local ports
  read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT SCHEDULER_PORT KCM_PORT KWOK_PORT JWT_PORT <<<"$(free_ports 7)"
  SERVER="https://127.0.0.1:$APISERVER_PORT"
  JWT_ISSUER="https://127.0.0.1:$JWT_PORT"
  ADMIN_KUBECONFIG="$RUN/kubeconfig/admin.kubeconfig"

  make_pki

  # ---- etcd
  spawn etcd "$ETCD_BIN" \
    --name=kubedeck-e2e \
    --data-dir="$RUN/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="kubedeck-e2e=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state=new \
    --unsafe-no-fsync=true \
    --quota-backend-bytes=2147483648 \
    --log-level=warn
  wait_for etcd "etcd health" curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

  # ---- JWT issuer
  spawn jwt-issuer "$NODE_BIN" "$HERE/jwt-issuer.mjs" serve --port "$JWT_PORT" \
    --tls-cert "$RUN/pki/jwt-serving.crt" --tls-key "$RUN/pki/jwt-serving.key" \
    --signing-key "$RUN/pki/jwt-signing.key" --issuer "$JWT_ISSUER"
  wait_for jwt-issuer "JWT issuer discovery" \
    curl -fsS --cacert "$RUN/pki/jwt-ca.crt" "$JWT_ISSUER/.well-known/openid-configuration"

  # ---- kube-apiserver
  write_authn_config
  spawn kube-apiserver "$KUBE_APISERVER_BIN" \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --secure-port="$APISERVER_PORT" \
    --cert-dir="$RUN/certs/kube-apiserver" \
    --tls-cert-file="$RUN/pki/apiserver.crt" \
    --tls-private-key-file="$RUN/pki/apiserver.key" \
    --client-ca-file="$RUN/pki/ca.crt" \
    --authentication-config="$RUN/config/authentication.yaml" \
    --authorization-mode=Node,RBAC \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --etcd-compaction-interval="$COMPACTION_INTERVAL" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$RUN/pki/sa.pub" \
    --service-account-signing-key-file="$RUN/pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none \
    --kubelet-client-certificate="$RUN/pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$RUN/pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --requestheader-client-ca-file="$RUN/pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$RUN/pki/front-proxy-client.crt" \
    --proxy-client-key-file="$RUN/pki/front-proxy-client.key" \
    --allow-privileged=true \
    --profiling=false \
    --v="$VERBOSITY"
  kubeconfig "$ADMIN_KUBECONFIG" admin
  wait_for kube-apiserver "kube-apiserver /readyz" \
    "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" get --raw /readyz
  apply_rbac

  # ---- kube-scheduler
  kubeconfig "$RUN/kubeconfig/scheduler.kubeconfig" scheduler
  spawn kube-scheduler "$KUBE_SCHEDULER_BIN" \
    --kubeconfig="$RUN/kubeconfig/scheduler.kubeconfig" \
    --authentication-kubeconfig="$RUN/kubeconfig/scheduler.kubeconfig" \
    --authorization-kubeconfig="$RUN/kubeconfig/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$SCHEDULER_PORT" \
    --cert-dir="$RUN/certs/kube-scheduler" \
    --leader-elect=false \
    --v="$VERBOSITY"

  # ---- kube-controller-manager (PV binder, resourceclaim controller, ... are in '*')
  kubeconfig "$RUN/kubeconfig/controller-manager.kubeconfig" controller-manager
  spawn kube-controller-manager "$KUBE_CONTROLLER_MANAGER_BIN" \
    --kubeconfig="$RUN/kubeconfig/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$RUN/kubeconfig/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$RUN/kubeconfig/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$KCM_PORT" \
    --cert-dir="$RUN/certs/kube-controller-manager" \
    --leader-elect=false \
    --controllers="$KCM_CONTROLLERS" \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$RUN/pki/sa.key" \
    --root-ca-file="$RUN/pki/ca.crt" \
    --cluster-signing-cert-file="$RUN/pki/ca.crt" \
    --cluster-signing-key-file="$RUN/pki/ca.key" \
    --v="$VERBOSITY"

  # ---- kwok: manages nodes annotated kwok.x-k8s.io/node=fake and serves their
  # kubelet API (logs) on 127.0.0.1:$KWOK_PORT.
  write_kwok_config
  kubeconfig "$RUN/kubeconfig/kwok.kubeconfig" kwok
  spawn kwok "$KWOK_BIN" \
    --kubeconfig="$RUN/kubeconfig/kwok.kubeconfig" \
    --config="$RUN/config/kwok.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 \
    --node-port="$KWOK_PORT" \
    --server-address="127.0.0.1:$KWOK_PORT" \
    --tls-cert-file="$RUN/pki/kwok-serving.crt" \
    --tls-private-key-file="$RUN/pki/kwok-serving.key" \
    --node-lease-duration-seconds=40 \
    --v="$( (( VERBOSITY > 1 )) && echo DEBUG || echo INFO )"

  wait_for kube-scheduler "kube-scheduler /healthz" \
    curl -fsSk "https://127.0.0.1:$SCHEDULER_PORT/healthz"
  wait_for kube-controller-manager "kube-controller-manager /healthz" \
    curl -fsSk "https://127.0.0.1:$KCM_PORT/healthz"
  wait_for kwok "kwok /healthz" curl -fsSk "https://127.0.0.1:$KWOK_PORT/healthz"

  create_nodes
  wait_for kwok "KWOK node(s) Ready" \
    "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" wait node -l kubedeck.e2e/kwok=true --for=condition=Ready --timeout=5s
  wait_for kube-controller-manager "default service account" \
    "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" -n default get serviceaccount default
  wait_for kube-controller-manager "viewer namespace service account" \
    "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" -n "$VIEWER_NAMESPACE" get serviceaccount default

  # ---- the non-admin kubeconfigs
  kubeconfig "$RUN/kubeconfig/viewer.kubeconfig" viewer "$VIEWER_NAMESPACE"
  local token
  token=$("$NODE_BIN" "$HERE/jwt-issuer.mjs" mint --signing-key "$RUN/pki/jwt-signing.key" \
    --issuer "$JWT_ISSUER" --audience "$JWT_AUDIENCE" --sub "$JWT_SUB" \
    --username "$JWT_PREFERRED_USERNAME" --groups "$JWT_GROUP" --ttl-seconds 86400)
  kubeconfig_token "$RUN/kubeconfig/jwt.kubeconfig" jwt-user "$token"
  # The JWT authenticator fetches the issuer's keys asynchronously: wait until it works.
  wait_for kube-apiserver "JWT authentication" \
    bash -c "'$KUBECTL' --kubeconfig '$RUN/kubeconfig/jwt.kubeconfig' auth whoami -o jsonpath='{.status.userInfo.username}' | grep -qx '$JWT_EXPECTED_USERNAME'"

  write_env
  START_OK=1
  trap - EXIT INT TERM
  log "cluster up: $SERVER (Kubernetes $KUBEDECK_K8S_VERSION); stop with: $HERE/cluster.sh stop $RUN"
  cat "$RUN/env"
}

on_start_failure() {
  trap - EXIT INT TERM
  log "ERROR: cluster start failed"
  [[ -n "${RUN:-}" ]] && dump_logs
  if [[ "${KUBEDECK_E2E_KEEP_ON_FAILURE:-0}" == 1 ]]; then
    log "KUBEDECK_E2E_KEEP_ON_FAILURE=1: leaving $RUN and its processes; stop with: $0 stop $RUN"
  elif [[ -n "${RUN:-}" ]]; then
    stop_run "$RUN"
  fi
}

# --------------------------------------------------------------------------------
# stop
# --------------------------------------------------------------------------------
resolve_run_dir() {
  local dir="${1:-${KUBEDECK_E2E_RUN_DIR:-}}"
  if [[ -z "$dir" && -f "$LAST_RUN_FILE" ]]; then dir="$(cat "$LAST_RUN_FILE")"; fi
  echo "$dir"
}

stop_run() {
  local run="$1" name pid i
  if [[ -z "$run" || ! -d "$run" ]]; then
    log "nothing to stop (no run dir${run:+ at $run})"
    return 0
  fi
  [[ -f "$run/$RUN_MARKER" ]] || die "$run is not a kubedeck e2e run dir (no $RUN_MARKER); refusing to touch it"
  local -a pids=()
  for (( i = ${#COMPONENTS[@]} - 1; i >= 0; i-- )); do
    name="${COMPONENTS[$i]}"
    pid="$(cat "$run/pids/$name.pid" 2>/dev/null || true)"
    if pid_is_ours "$pid" "$run"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      log "stopping $name (pid $pid)"
    fi
  done
  local deadline=$(( $(date +%s) + 15 ))
  for pid in "${pids[@]}"; do
    while pid_alive "$pid" && (( $(date +%s) < deadline )); do sleep 0.2; done
    if pid_is_ours "$pid" "$run"; then
      log "pid $pid did not exit after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$run"
  if [[ -f "$LAST_RUN_FILE" && "$(cat "$LAST_RUN_FILE")" == "$run" ]]; then rm -f "$LAST_RUN_FILE"; fi
  log "stopped; removed $run"
}

status_run() {
  local run="$1" name pid
  [[ -n "$run" && -d "$run" ]] || { log "no run dir"; return 1; }
  for name in "${COMPONENTS[@]}"; do
    pid="$(cat "$run/pids/$name.pid" 2>/dev/null || true)"
    if pid_is_ours "$pid" "$run"; then echo "$name running (pid $pid)"; else echo "$name not running"; fi
  done
}

restart_apiserver() {
  local run="$1" pid args=() deadline
  [[ -n "$run" && -f "$run/$RUN_MARKER" ]] || die "no kubedeck e2e run dir${run:+ at $run}"
  RUN="$run"
  pid="$(component_pid kube-apiserver)"
  pid_is_ours "$pid" "$run" || die "kube-apiserver of $run is not running"
  mapfile -d '' -t args <"/proc/$pid/cmdline"
  # A graceful stop waits for open watches; give it 5 s, as a crash-restart is just as real.
  kill -TERM "$pid"
  deadline=$(( $(date +%s) + 5 ))
  while pid_alive "$pid" && (( $(date +%s) < deadline )); do sleep 0.2; done
  if pid_is_ours "$pid" "$run"; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
  mv -f "$run/logs/kube-apiserver.log" "$run/logs/kube-apiserver.$(date +%s).log"
  spawn kube-apiserver "${args[@]}"
  wait_for kube-apiserver "kube-apiserver /readyz after restart" \
    "$KUBECTL" --kubeconfig "$run/kubeconfig/admin.kubeconfig" get --raw /readyz
}

main() {
  case "${1:-}" in
    restart-apiserver) restart_apiserver "$(resolve_run_dir "${2:-}")" ;;
    start) start ;;
    stop) stop_run "$(resolve_run_dir "${2:-}")" ;;
    status) status_run "$(resolve_run_dir "${2:-}")" ;;
    *) echo "usage: $0 start | stop [RUN_DIR] | status [RUN_DIR] | restart-apiserver [RUN_DIR]" >&2; exit 2 ;;
  esac
}

# Sourcing the file (for debugging single steps) defines the functions only.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
