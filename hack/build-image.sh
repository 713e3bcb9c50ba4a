#!/usr/bin/env bash
# Builds the prow image with podman where base images cannot be pulled: the base is a Debian root filesystem made
# with debootstrap (Debian 13 "trixie", whose nodejs is 20) and imported into podman; then the Dockerfile builds on it.
#   hack/build-image.sh [TAG]          → localhost/prow:TAG (default: dev)
# Needs root, podman and debootstrap (Debian packages). DEBOOTSTRAP_MIRROR overrides debootstrap's default mirror.
# Where a registry is reachable, `podman build .` alone uses the Dockerfile's default base (node:20-bookworm-slim).
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-dev}"
base=localhost/prow-base:trixie
work="${PROW_BASE_DIR:-/var/tmp/prow-base}"

if ! podman image exists "$base"; then
  root="$work/rootfs"
  if [ ! -x "$root/usr/bin/npm" ]; then
    rm -rf "$root"
    mkdir -p "$work"
    debootstrap --variant=minbase trixie "$root" ${DEBOOTSTRAP_MIRROR:+"$DEBOOTSTRAP_MIRROR"}
    # Packages go in with apt inside the root (debootstrap's --include leaves npm's dependencies unconfigured).
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount -t proc proc "$root/proc"
    trap 'umount "$root/proc" 2>/dev/null || true' EXIT
    chroot "$root" apt-get update -q
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q --no-install-recommends nodejs npm git ca-certificates openssh-client tini
    umount "$root/proc"
  fi
  chroot "$root" apt-get clean
  rm -rf "$root/var/lib/apt/lists/"*
  tar -C "$root" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base"
fi

# Behind a TLS-intercepting proxy npm needs the host's extra CAs while building (not kept in the image).
ca=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  ca=(-v "$NODE_EXTRA_CA_CERTS:/etc/prow-build-ca.pem:ro" --build-arg NODE_EXTRA_CA_CERTS=/etc/prow-build-ca.pem)
fi
podman build --isolation=chroot --network=host --build-arg "BASE=$base" "${ca[@]}" -t "localhost/prow:$tag" .
echo "built localhost/prow:$tag"
