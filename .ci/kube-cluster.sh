#!/usr/bin/env bash
# What the test/kube suites need: Debian's etcd-server and the Kubernetes binaries (kube-apiserver,
# kube-scheduler, kubectl from the Go module k8s.io/kubernetes; kwok), built once into a cache outside the
# repository (test/kube/cluster.sh build; later runs reuse them). Without a Go toolchain nothing is built and the
# suites say so and skip.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v etcd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server >/dev/null
fi
if command -v go >/dev/null 2>&1; then
  start=$SECONDS
  bash test/kube/cluster.sh build
  echo "kube test binaries ready in $((SECONDS - start))s"
else
  echo "no Go toolchain: the Kubernetes test suites (test/kube) will be skipped"
fi
