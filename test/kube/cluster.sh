#!/usr/bin/env bash
# A real Kubernetes control plane for tests, on loopback only:
#   etcd (Debian's etcd-server), kube-apiserver and kube-scheduler built from the Go module
#   k8s.io/kubernetes, and kwok playing the kubelets.
#
#   test/kube/cluster.sh build   build (or reuse) the binaries in $PROW_KUBE_CACHE
#   test/kube/cluster.sh start   start a cluster in a new state directory; prints its path
#   test/kube/cluster.sh stop    stop the cluster started by `start`
#   test/kube/cluster.sh env     print the shell exports for the running cluster
#
# The binaries are kept outside the repository so every later run reuses them.
set -euo pipefail

KUBE_VERSION="${PROW_KUBE_VERSION:-v1.34.4}"
KWOK_VERSION="${PROW_KWOK_VERSION:-v0.7.0}"
CACHE="${PROW_KUBE_CACHE:-$HOME/.cache/prow-kube}"
BIN="$CACHE/$KUBE_VERSION/bin"
STATE="${PROW_KUBE_STATE:-${TMPDIR:-/tmp}/prow-kube-cluster}"
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { echo "cluster.sh: $*" >&2; }

# build: kube-apiserver, kube-scheduler and kubectl from k8s.io/kubernetes, kwok from sigs.k8s.io/kwok.
build() {
  if [[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-scheduler" && -x "$BIN/kubectl" && -x "$BIN/kwok" ]]; then
    log "binaries already built in $BIN"
    return 0
  fi
  command -v go >/dev/null || { log "no Go toolchain: cannot build the Kubernetes binaries"; return 3; }
  mkdir -p "$BIN"
  local mod="$CACHE/$KUBE_VERSION/module"
  mkdir -p "$mod"
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local paths;
  # a module that requires it must replace each with the published v0.<minor>.<patch> instead.
  local staging="v0.${KUBE_VERSION#v1.}"
  (
    cd "$mod"
    export GOFLAGS=-mod=mod GOTOOLCHAIN=local
    [[ -f go.mod ]] || go mod init prow.test/kube-binaries >/dev/null 2>&1
    go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" > download.json
    local kgomod
    kgomod="$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' download.json)"
    {
      echo "module prow.test/kube-binaries"
      echo
      echo "go $(sed -n 's/^go \(.*\)/\1/p' "$kgomod")"
      echo
      echo "require k8s.io/kubernetes $KUBE_VERSION"
      echo
      echo "replace ("
      sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$kgomod" | while read -r m; do
        echo "	$m => $m $staging"
      done
      echo ")"
    } > go.mod
    cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
    go mod tidy -e >/dev/null 2>&1 || true
    local t0=$SECONDS
    for cmd in kube-apiserver kube-scheduler kubectl; do
      if [[ ! -x "$BIN/$cmd" ]]; then
        log "building $cmd $KUBE_VERSION"
        go build -trimpath -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION" \
          -o "$BIN/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
        mv "$BIN/$cmd.tmp" "$BIN/$cmd"
      fi
    done
    log "kubernetes binaries built in $((SECONDS - t0))s"
  )
  if [[ ! -x "$BIN/kwok" ]]; then
    log "building kwok $KWOK_VERSION"
    GOBIN="$BIN" GOTOOLCHAIN=local go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # wait_for SECONDS WHAT CMD...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then log "timed out waiting for $what"; return 1; fi
    sleep 0.3
  done
}

pid_alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

stop_one() { # stop_one NAME: SIGTERM, then SIGKILL after 10s
  local f="$STATE/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# apiserver NAME PORT: one kube-apiserver on the shared etcd (tests that restart one start their own).
# TaintNodesByCondition is off: it taints new nodes not-ready, and no node lifecycle controller (in
# kube-controller-manager, which does not run here) would ever lift the taint. WatchList is off: Debian's etcd 3.4
# cannot answer the progress requests watch-list streams need, and kwok's informers would retry them forever
# instead of falling back to list and watch.
start_apiserver() {
  local name=$1 port=$2
  # shellcheck disable=SC1091
  source "$STATE/ports.env"
  "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --tls-cert-file="$STATE/pki/serving.crt" --tls-private-key-file="$STATE/pki/serving.key" \
    --token-auth-file="$STATE/pki/tokens.csv" \
    --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$STATE/pki/sa.pub" --service-account-signing-key-file="$STATE/pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --kubelet-preferred-address-types=InternalIP \
    --enable-priority-and-fairness=false --max-requests-inflight=0 --max-mutating-requests-inflight=0 \
    --disable-admission-plugins=TaintNodesByCondition --feature-gates=WatchList=false \
    --endpoint-reconciler-type=none --profiling=false --v=1 \
    > "$STATE/logs/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
  wait_for 120 "$name on port $port" curl -sfk -H "Authorization: Bearer $(cat "$STATE/pki/admin.token")" "https://127.0.0.1:$port/readyz" \
    || { tail -20 "$STATE/logs/$name.log" >&2; return 1; }
}

start() {
  build
  command -v etcd >/dev/null || { log "etcd not found: apt-get install etcd-server"; return 3; }
  if pid_alive kube-apiserver; then log "already running in $STATE"; echo "$STATE"; return 0; fi
  rm -rf "$STATE"
  mkdir -p "$STATE/pki" "$STATE/logs" "$STATE/pod-logs"
  local etcd_port etcd_peer api_port kwok_port
  etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); kwok_port=$(free_port)
  printf 'ETCD_PORT=%s\nAPI_PORT=%s\nKWOK_PORT=%s\n' "$etcd_port" "$api_port" "$kwok_port" > "$STATE/ports.env"

  # One self-signed serving certificate for 127.0.0.1 (the API server and kwok's kubelet server), a service
  # account signing key, and bearer tokens: admin (system:masters) for setup and the components.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$STATE/pki/serving.key" -out "$STATE/pki/serving.crt" 2>/dev/null
  openssl genrsa -out "$STATE/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$STATE/pki/sa.key" -pubout -out "$STATE/pki/sa.pub" 2>/dev/null
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/pki/admin.token"
  echo "$(cat "$STATE/pki/admin.token"),admin,admin-uid,system:masters" > "$STATE/pki/tokens.csv"
  chmod 600 "$STATE/pki/"*

  etcd --name prow-test --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "prow-test=http://127.0.0.1:$etcd_peer" \
    --quota-backend-bytes=2147483648 \
    --experimental-watch-progress-notify-interval=1s \
    > "$STATE/logs/etcd.log" 2>&1 &
  echo $! > "$STATE/etcd.pid"
  wait_for 60 etcd curl -sf "http://127.0.0.1:$etcd_port/health" || { tail -20 "$STATE/logs/etcd.log" >&2; return 1; }

  start_apiserver kube-apiserver "$api_port"
  write_kubeconfig "$STATE/kubeconfig" "$api_port"

  KUBE_FEATURE_WatchListClient=false "$BIN/kube-scheduler" --kubeconfig="$STATE/kubeconfig" --leader-elect=false \
    --authentication-kubeconfig="$STATE/kubeconfig" --authorization-kubeconfig="$STATE/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$(free_port)" \
    > "$STATE/logs/kube-scheduler.log" 2>&1 &
  echo $! > "$STATE/kube-scheduler.pid"

  local k=("$BIN/kubectl" --kubeconfig="$STATE/kubeconfig")
  "${k[@]}" apply --server-side -f "$HERE/kwok-crds.yaml" >/dev/null
  KUBE_FEATURE_WatchListClient=false "$BIN/kwok" --kubeconfig="$STATE/kubeconfig" --config="$HERE/kwok-stages.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 --node-port="$kwok_port" --server-address="127.0.0.1:$kwok_port" \
    --tls-cert-file="$STATE/pki/serving.crt" --tls-private-key-file="$STATE/pki/serving.key" \
    --enable-crds=Logs \
    > "$STATE/logs/kwok.log" 2>&1 &
  echo $! > "$STATE/kwok.pid"
  "${k[@]}" apply --server-side -f "$HERE/kwok-node.yaml" >/dev/null
  wait_for 60 "kwok node Ready" "${k[@]}" wait --for=condition=Ready node/kwok-node-0 --timeout=2s \
    || { tail -20 "$STATE/logs/kwok.log" >&2; return 1; }
  # No kube-controller-manager runs: namespaces get no `default` ServiceAccount by themselves.
  "${k[@]}" -n default create serviceaccount default >/dev/null 2>&1 || true
  "${k[@]}" apply --server-side -f "$HERE/../../manifests/prowjob-crd.yaml" >/dev/null
  wait_for 60 "the ProwJob CRD" "${k[@]}" wait --for=condition=Established crd/prowjobs.prow.k8s.io --timeout=2s
  log "cluster up: kubeconfig $STATE/kubeconfig (contexts prow, build)"
  echo "$STATE"
}

# write_kubeconfig FILE PORT: contexts `prow` (current; namespace default) and `build` (namespace test-pods).
write_kubeconfig() {
  local file=$1 port=$2
  cat > "$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: prow-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 < "$STATE/pki/serving.crt")
users:
- name: admin
  user:
    token: $(cat "$STATE/pki/admin.token")
contexts:
- name: prow
  context: {cluster: prow-test, user: admin, namespace: default}
- name: build
  context: {cluster: prow-test, user: admin, namespace: test-pods}
current-context: prow
KC
  chmod 600 "$file"
}

stop() {
  for c in kwok kube-scheduler kube-apiserver-* kube-apiserver etcd; do
    for f in "$STATE"/$c.pid; do [[ -f "$f" ]] && stop_one "$(basename "$f" .pid)"; done
  done
  log "stopped"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  # apiserver start|stop NAME [PORT]: an extra API server on the running cluster's etcd.
  apiserver)
    case "${2:-}" in
      start)
        port="${4:-$(free_port)}"
        start_apiserver "kube-apiserver-$3" "$port"
        write_kubeconfig "$STATE/kubeconfig-$3" "$port"
        echo "$STATE/kubeconfig-$3" ;;
      stop) stop_one "kube-apiserver-$3" ;;
      *) echo "usage: $0 apiserver start|stop NAME [PORT]" >&2; exit 2 ;;
    esac ;;
  env) cat "$STATE/ports.env"; echo "KUBECONFIG=$STATE/kubeconfig"; echo "PROW_KUBE_BIN=$BIN" ;;
  *) echo "usage: $0 build|start|stop|env|apiserver" >&2; exit 2 ;;
esac
