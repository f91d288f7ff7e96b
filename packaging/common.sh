# Shared by packaging/*.sh (sourced): the version, the reproducible time stamp, the packaged files.
# The version has one source, Directory.Build.props' <Version> (what the binary reports); a git tag vX.Y.Z on
# HEAD must name the same version, so that a release cannot carry two.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
artifacts=$repo/artifacts
binary=$artifacts/publish/portwatch

project_version() {
  local version tag
  version=$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$repo/Directory.Build.props")
  [ -n "$version" ] || { echo "packaging: no <Version> in Directory.Build.props" >&2; return 1; }
  tag=$(git -C "$repo" describe --tags --exact-match HEAD 2>/dev/null || true)
  if [ -n "$tag" ] && [ "${tag#v}" != "$version" ]; then
    echo "packaging: HEAD is tagged $tag but Directory.Build.props says <Version>$version</Version>: make them agree" >&2
    return 1
  fi
  echo "$version"
}

# The binary must be the one of this version (./build.sh publish writes it).
check_binary() {
  local version=$1 reported
  [ -x "$binary" ] || { echo "packaging: no $binary (./build.sh publish)" >&2; return 1; }
  reported=$("$binary" --version | sed -n '1s/^portwatch, version \([^ ]*\) .*/\1/p')
  [ "$reported" = "$version" ] || { echo "packaging: $binary reports version '$reported', not $version: publish again" >&2; return 1; }
}

# Time stamps in the archives: the commit's time, so that two builds of one commit are the same bytes.
source_date_epoch() {
  git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s
}

# The commented default config: the README's example config ("## The config file"), every line commented out,
# so that the example and the installed file cannot drift apart. Defaults apply until a line is uncommented.
commented_config() {
  cat <<'HEADER'
# PortWatch's config file (README.md, "The config file"). Every line below is commented out: the exporter runs on
# its defaults. Uncomment and edit what you need, then `systemctl restart portwatch`. Flags given on the command
# line (the unit's ExecStart, PORTWATCH_ARGS in /etc/default/portwatch) win over this file.
# The `expected:` entries are examples: listeners you mean to run are labelled expected="true" and never paged.
#
HEADER
  awk '/^## The config file/ { section = 1 } section && /^```yaml$/ { inside = 1; next } inside && /^```$/ { exit } inside { print "# " $0 }' \
    "$repo/README.md" | sed 's/ *$//'
}

# The packaged unit: deploy/systemd/portwatch.service with the package's paths and user. The binary is
# /usr/bin/portwatch; the static `portwatch` user made by postinst replaces DynamicUser (same sandbox: the unit sets
# ProtectSystem=strict, PrivateTmp and RemoveIPC itself); the conffile is read, and the flags that only repeat
# defaults are dropped so that the config file can set them (flags win over the file).
packaged_unit() {
  awk '
    NR == 1 { print "# PortWatch, installed by the Debian package portwatch: disabled until you enable it:"
              print "#   systemctl enable --now portwatch"
              print "# Settings: /etc/portwatch/portwatch.yml (a conffile). Extra flags: PORTWATCH_ARGS in /etc/default/portwatch."
              print "# Changes to this unit: systemctl edit portwatch (this file is replaced on upgrade)."
              header = 1 }
    header && /^#/ { next }
    { header = 0 }
    /^ExecStart=\/usr\/local\/bin\/portwatch / { print "ExecStart=/usr/bin/portwatch \\"; print "    --config.file=/etc/portwatch/portwatch.yml \\"; next }
    /^    --web.listen-address=:10133 \\$/ || /^    --path.procfs=\/proc \\$/ { next }
    /^Description=/ { print; print "Documentation=man:portwatch(1) file:/usr/share/doc/portwatch/README.md.gz"; next }
    /^DynamicUser=yes$/ { print "User=portwatch"; print "Group=portwatch"; next }
    { sub(/An unprivileged user of its own, allocated when the service starts/, "The unprivileged system user portwatch (made by the package)"); print }
  ' "$repo/deploy/systemd/portwatch.service"
}
