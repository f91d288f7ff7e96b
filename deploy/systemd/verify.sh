#!/usr/bin/env bash
# Checks deploy/systemd/portwatch.service with systemd's own tools, without installing anything:
#   1. systemd-analyze verify: syntax, known keys and values, an executable ExecStart;
#   2. systemd-analyze security --offline: the sandbox's exposure score stays at or under THRESHOLD
#      (0-100 scale; the unit scores 24, "2.4 OK", with systemd 252: a weakened filter or capability set fails here).
# verify needs ExecStart's program to exist, so the unit is checked as a copy whose ExecStart names a
# stand-in executable in a temporary directory; every other line is the unit's own.
# Exits non-zero on any error or warning (anything systemd-analyze prints on stderr).
#   deploy/systemd/verify.sh [UNIT]        (Debian: apt-get install systemd, for systemd-analyze)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
unit=${1:-$here/portwatch.service}
threshold=${THRESHOLD:-25}
binary=/usr/local/bin/portwatch

command -v systemd-analyze >/dev/null || { echo "verify.sh: systemd-analyze not found (Debian package systemd)" >&2; exit 2; }
[ -f "$unit" ] || { echo "verify.sh: no unit $unit" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The copy keeps the unit's name: systemd-analyze derives the unit name from the file name.
copy=$work/$(basename "$unit")
printf '#!/bin/sh\nexit 0\n' >"$work/portwatch"
chmod 0755 "$work/portwatch"
grep -q "^ExecStart=$binary\\( \\|$\\)" "$unit" || { echo "verify.sh: $unit: ExecStart does not start with $binary" >&2; exit 1; }
sed "s#^ExecStart=$binary#ExecStart=$work/portwatch#" "$unit" >"$copy"

status=0
# --recursive-errors=no: only this unit counts, not the host's copies of the units it names
# (network-online.target, multi-user.target).
if ! systemd-analyze verify --man=no --recursive-errors=no "$copy" >"$work/verify.out" 2>&1; then
  status=1
fi
if [ -s "$work/verify.out" ]; then
  # Name the unit as it was given, not the copy.
  sed "s#$work/#$(dirname "$unit")/#g" "$work/verify.out" >&2
  status=1
fi
[ $status -eq 0 ] && echo "systemd-analyze verify: $(basename "$unit"): OK"

if ! systemd-analyze security --offline=yes --threshold="$threshold" --no-pager "$copy" >"$work/security.out" 2>&1; then
  grep -E '✗|Overall|rror' "$work/security.out" >&2 || cat "$work/security.out" >&2
  echo "verify.sh: systemd-analyze security: exposure above $threshold (0-100)" >&2
  status=1
else
  echo "systemd-analyze security: $(grep -o 'Overall exposure level.*' "$work/security.out" | sed "s#$work/##") (threshold $threshold)"
fi
exit $status
