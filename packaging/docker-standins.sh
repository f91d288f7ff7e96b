#!/usr/bin/env bash
# Makes, in the Docker engine at $DOCKER_HOST, local stand-ins for the base images the Dockerfile starts FROM, which
# cannot be pulled here (docs/packaging.md, "The image test"). Each is a Debian 12 root made by debootstrap
# (packaging/rootfs.sh) imported under the Dockerfile's own name, so that `docker build` runs the Dockerfile's steps
# unchanged:
#   the SDK stage's base: the build tools the Dockerfile expects (clang, zlib1g-dev: what build.sh's
#     require_native_toolchain installs), this machine's .NET SDK (the folder `dotnet` runs from) and its
#     certificate authorities (/etc/ssl/certs), with which this machine reaches NuGet;
#   the runtime stage's base: bash, the C library, certificates, and the user app (uid 1654), as Microsoft's
#     runtime-deps images have.
# An image is made again only when its recipe changes (a key kept beside the engine's data root, in obj/cache/docker).
#   DOCKER_HOST=unix:///PATH packaging/docker-standins.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=$repo/obj/cache/docker
mkdir -p "$cache"
: "${DOCKER_HOST:?set DOCKER_HOST to the engine to make the stand-ins in}"

mapfile -t bases < <(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$repo/Dockerfile")
sdk=${bases[0]}
runtime=${bases[1]}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")

# stand_in NAME PACKAGES EXTRA: imports the cached root with PACKAGES, after `EXTRA ROOT` (a function) has added to it.
stand_in() {
  local name=$1 packages=$2 extra=$3 key stamp tarball work
  tarball=$("$repo/packaging/rootfs.sh" bookworm "$packages")
  key=$(printf '%s\n' "$name" "$tarball" "$(sha256sum <"$0")" "$(dotnet --version)" | sha256sum | cut -c1-16)
  stamp=$cache/standin-$(printf '%s' "$name" | tr -c 'A-Za-z0-9.-' '_').key
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && docker image inspect "$name" >/dev/null 2>&1; then
    echo "stand-in $name: cached"
    return
  fi
  work=$(mktemp -d "$cache/.standin-XXXXXX")
  tar -C "$work" -xf "$tarball"
  "$extra" "$work"
  tar -C "$work" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_RUNNING_IN_CONTAINER=true APP_UID=1654' \
    --change 'ENV NUGET_CERT_REVOCATION_MODE=offline' \
    --change 'CMD ["/bin/bash"]' - "$name" >/dev/null
  rm -rf "$work"
  # The stand-in this one replaced, if any, is left without a name: remove it.
  docker image prune -f >/dev/null
  echo "$key" >"$stamp"
  echo "stand-in $name: made ($(docker image inspect -f '{{.Size}}' "$name") bytes)"
}

add_sdk() {
  # This machine's certificate authorities: its route to NuGet (the restore step) may be through a TLS proxy whose
  # authority only this machine's store holds.
  rm -rf "$1/etc/ssl/certs"
  cp -a /etc/ssl/certs "$1/etc/ssl/certs"
  mkdir -p "$1/usr/share"
  cp -a "$dotnet_root" "$1/usr/share/dotnet"
  ln -sf /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"
}

add_app_user() {
  rm -rf "$1"/var/lib/apt/lists/*
  chroot "$1" groupadd --gid 1654 app
  chroot "$1" useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
}

stand_in "$sdk" clang,zlib1g-dev,binutils,ca-certificates add_sdk
stand_in "$runtime" ca-certificates,libssl3,tzdata add_app_user
