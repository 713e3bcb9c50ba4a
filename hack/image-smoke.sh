#!/usr/bin/env bash
# Starts every role of a built image, one at a time, with the example config, and waits for its /healthz/ready.
#   hack/image-smoke.sh [IMAGE]        (default localhost/prow:dev; build it with hack/build-image.sh)
# PODMAN_RUN_ARGS adds `podman run` flags, e.g. where the default rlimits cannot be set (some sandboxed VMs):
#   PODMAN_RUN_ARGS="--runtime runc --ulimit nofile=16384:16384 --ulimit nproc=4096:4096" hack/image-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:-localhost/prow:dev}"
health=18081
read -r -a extra <<< "${PODMAN_RUN_ARGS:-}"
roles=$(podman run --rm "${extra[@]}" "$image" roles | awk '$1 != "all" {print $1}')
failed=0
# A token file so the roles that need GitHub access start; the endpoint is unreachable, so nothing leaves the host.
secrets=$(mktemp -d)
trap 'rm -rf "$secrets"' EXIT
echo smoke-token > "$secrets/token"
echo smoke-hmac > "$secrets/hmac"
chmod 755 "$secrets" && chmod 644 "$secrets/token" "$secrets/hmac"  # the image runs as a non-root user
for role in $roles; do
  name="prow-smoke-$role"
  podman run -d "${extra[@]}" --name "$name" --network=host -v "$PWD/examples/local:/cfg:ro" -v "$secrets:/secrets:ro" "$image" \
    --role="$role" --config-path=/cfg/config.yaml --job-config-path=/cfg/jobs --plugin-config=/cfg/plugins.yaml \
    --data-dir=/tmp/prow-data --health-port=$health --metrics-port=19090 \
    --github-token-path=/secrets/token --hmac-secret-file=/secrets/hmac --github-endpoint=http://127.0.0.1:9 --github-graphql-endpoint=http://127.0.0.1:9/graphql >/dev/null
  ok=""
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$health/healthz/ready" >/dev/null 2>&1; then ok=1; break; fi
    sleep 1
  done
  if [ -n "$ok" ]; then
    echo "ok    $role (ready in the image)"
  else
    echo "FAIL  $role: not ready within 60s; its log:"
    podman logs "$name" 2>&1 | tail -20
    failed=1
  fi
  podman rm -f -t 10 "$name" >/dev/null 2>&1 || true
done
exit $failed
