#!/usr/bin/env bash
# Builds the release tarball, node_exporter's way: artifacts/portwatch-<version>.linux-amd64.tar.gz holding one
# folder portwatch-<version>.linux-amd64/ (the Native AOT binary, LICENSE, NOTICE,
# README.md, the example config, the systemd unit), and artifacts/sha256sums.txt over the tarball and the .deb
# (`cd artifacts && sha256sum -c sha256sums.txt`). Run after packaging/deb.sh (./build.sh release runs both).
set -euo pipefail
source "$(dirname "$0")/common.sh"

version=$(project_version)
check_binary "$version"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(source_date_epoch)}
name=portwatch-$version.linux-amd64
deb=portwatch_${version}_amd64.deb
[ -f "$artifacts/$deb" ] || { echo "packaging: no artifacts/$deb (packaging/deb.sh)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
folder=$work/$name
install -d "$folder"
install -m 0755 "$binary" "$folder/portwatch"
install -m 0644 "$repo/LICENSE" "$repo/NOTICE" "$repo/README.md" "$folder/"
commented_config >"$folder/portwatch.yml"
# The unit for a binary installed as /usr/local/bin/portwatch (README: Install, from the tarball).
install -m 0644 "$repo/deploy/systemd/portwatch.service" "$folder/portwatch.service"
chmod 0644 "$folder/portwatch.yml"

tar -C "$work" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -cf - "$name" \
  | gzip -9n >"$artifacts/$name.tar.gz"
(cd "$artifacts" && sha256sum "$name.tar.gz" "$deb" >sha256sums.txt)
echo "packaging: $artifacts/$name.tar.gz ($(du -k "$artifacts/$name.tar.gz" | cut -f1) KiB), $artifacts/sha256sums.txt"
