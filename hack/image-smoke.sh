#!/usr/bin/env bash
# Starts every role of a built image, one at a time, with the example config, and waits for its /healthz/ready.
#   hack/image-smoke.sh [IMAGE]        (default localhost/prow:dev; build it with hack/build-image.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:-localhost/prow:dev}"
health=18081
roles=$(podman run --rm "$image" roles | awk '$1 != "all" {print $1}')
failed=0
for role in $roles; do
  name="prow-smoke-$role"
  podman run -d --rm --name "$name" --network=host -v "$PWD/examples/local:/cfg:ro" "$image" \
    --role="$role" --config-path=/cfg/config.yaml --job-config-path=/cfg/jobs --plugin-config=/cfg/plugins.yaml \
    --data-dir=/tmp/prow-data --health-port=$health --metrics-port=19090 >/dev/null
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
  podman stop -t 10 "$name" >/dev/null 2>&1 || true
done
exit $failed
