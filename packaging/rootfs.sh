#!/usr/bin/env bash
# A Debian root file system made by debootstrap, cached as a tarball in obj/cache/rootfs/ (gitignored) so that
# tests make it once per machine: the first run downloads from the machine's Debian mirror (1-3 minutes), the
# next ones reuse the tarball. Prints the tarball's path.
#   packaging/rootfs.sh SUITE [PACKAGE,...]      e.g. packaging/rootfs.sh bookworm adduser,ca-certificates
# The mirror is the one apt uses here (/etc/apt/sources.list*), or $DEBIAN_MIRROR. Needs root and debootstrap.
set -euo pipefail
suite=${1:?usage: rootfs.sh SUITE [PACKAGE,...]}
include=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=$repo/obj/cache/rootfs

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | awk '/^deb / && $2 ~ /debian\/?$/ && $2 !~ /security/ { print $2; exit }
           /^URIs:/ && $2 ~ /debian\/?$/ && $2 !~ /security/ { print $2; exit }')
fi
[ -n "$mirror" ] || { echo "rootfs.sh: no Debian mirror in /etc/apt/sources.list*: set DEBIAN_MIRROR" >&2; exit 1; }

key=$(printf '%s %s %s minbase\n' "$suite" "$include" "$(sha256sum "$0" | cut -c1-12)" | sha256sum | cut -c1-16)
tarball=$cache/$suite-$key.tar
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.make-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  debootstrap --variant=minbase ${include:+--include="$include"} "$suite" "$work/root" "$mirror" >"$work/log" 2>&1 \
    || { tail -20 "$work/log" >&2; exit 1; }
  # apt's lists, so that `apt-get install` in a copy resolves dependencies without an update first.
  chroot "$work/root" apt-get update -q >/dev/null
  chroot "$work/root" apt-get clean
  tar -C "$work/root" --numeric-owner -cf "$work/root.tar" .
  mv "$work/root.tar" "$tarball"
fi
echo "$tarball"
