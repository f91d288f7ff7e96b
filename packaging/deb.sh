#!/usr/bin/env bash
# Builds artifacts/portwatch_<version>_amd64.deb from the Native AOT binary of ./build.sh publish
# (docs/packaging.md). Debian's own tools: dpkg-shlibdeps computes the library dependencies, dpkg-gencontrol
# writes the control file (with Installed-Size), help2man the manual page, dpkg-deb the archive.
#   packaging/deb.sh           (./build.sh package runs it after publishing)
set -euo pipefail
source "$(dirname "$0")/common.sh"

version=$(project_version)
check_binary "$version"
changelog_version=$(dpkg-parsechangelog -l "$repo/packaging/debian/changelog" -S Version)
[ "$changelog_version" = "$version" ] || {
  echo "packaging: packaging/debian/changelog's last entry is $changelog_version, not $version: add an entry (dch -v $version)" >&2
  exit 1
}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(source_date_epoch)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/debian/portwatch
doc=$root/usr/share/doc/portwatch
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/portwatch" "$doc" "$root/usr/share/man/man1"

install -m 0755 "$binary" "$root/usr/bin/portwatch"
# The binary is stripped by the publish; the compilers' .comment section goes too, as dh_strip does.
objcopy --remove-section=.comment "$root/usr/bin/portwatch"
packaged_unit >"$root/lib/systemd/system/portwatch.service"
chmod 0644 "$root/lib/systemd/system/portwatch.service"
commented_config >"$root/etc/portwatch/portwatch.yml"
chmod 0644 "$root/etc/portwatch/portwatch.yml"
install -m 0644 "$repo/packaging/debian/copyright" "$repo/NOTICE" "$doc/"
install -m 0644 "$repo/README.md" "$doc/README.md"
gzip -9n "$doc/README.md"
# A native package (the version has no Debian revision): its changelog is changelog.gz.
gzip -9n <"$repo/packaging/debian/changelog" >"$doc/changelog.gz"
help2man --no-info --section=1 --source="PortWatch $version" --version-string="$version" \
  --name="Prometheus exporter of every listening socket and its IANA port classification" \
  "$root/usr/bin/portwatch" | gzip -9n >"$root/usr/share/man/man1/portwatch.1.gz"

for script in postinst prerm postrm; do
  install -m 0755 "$repo/packaging/debian/$script" "$root/DEBIAN/$script"
done
install -m 0644 "$repo/packaging/debian/conffiles" "$root/DEBIAN/conffiles"

# dpkg-shlibdeps and dpkg-gencontrol read debian/control from the current directory.
cp "$repo/packaging/debian/control" "$repo/packaging/debian/changelog" "$work/debian/"
(
  cd "$work"
  dpkg-shlibdeps -Tdebian/substvars -edebian/portwatch/usr/bin/portwatch
  dpkg-gencontrol -pportwatch -v"$version" -Tdebian/substvars -Pdebian/portwatch
)
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/md5sums"
find "$root" -newermt "@$SOURCE_DATE_EPOCH" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$artifacts"
deb=$artifacts/portwatch_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "packaging: $deb ($(du -k "$deb" | cut -f1) KiB; $(dpkg-deb -f "$deb" Depends))"
