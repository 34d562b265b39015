#!/usr/bin/env bash
# Builds the petition service's image from the Dockerfile (`make image`; LIVE.md, stap 4).
# With a Docker engine: docker build. Without one (as on the project's own machines): Debian's
# buildah, on a base image made from Debian's packages with mmdebstrap, because no registry of
# images may be reachable. Either way the same Dockerfile, the same pins, the same user.
set -euo pipefail
IMAGE=${1:-localhost/petitie:latest}
cd "$(dirname "$0")/.."
# A network whose proxy re-signs https needs the machine's own CA bundle inside the build too.
CA=/etc/ssl/certs/ca-certificates.crt
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  exec docker build -t "$IMAGE" .
fi
for tool in buildah podman mmdebstrap; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool ontbreekt: installeer buildah, podman en mmdebstrap (Debian)." >&2; exit 2; }
done
BASE=localhost/debian-base:bookworm
if ! podman image exists "$BASE"; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "Basisimage maken uit Debian's pakketten (ongeveer een halve minuut)..."
  mmdebstrap --quiet --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$work/rootfs.tar"
  podman import --quiet "$work/rootfs.tar" "$BASE" >/dev/null
fi
mounts=()
[ -r "$CA" ] && mounts=(-v "$CA:/run/host-ca.crt:ro" --build-arg PIP_CERT=/run/host-ca.crt)
buildah bud --quiet --isolation chroot --format docker --build-arg BASE="$BASE" "${mounts[@]}" -t "$IMAGE" . >/dev/null
echo "Image gebouwd: $IMAGE"
