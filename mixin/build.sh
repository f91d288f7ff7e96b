#!/usr/bin/env bash
# Renders the PortWatch monitoring mixin (mixin/) into the files the repository commits:
#   alerts/portwatch.rules.yml             prometheusAlerts + prometheusRules, a Prometheus rule file
#   dashboards/portwatch-fleet.json        grafanaDashboards
#   dashboards/portwatch-host.json
#   deploy/kubernetes/prometheusrule.yaml  the same rule groups as a Prometheus Operator PrometheusRule
#
#   mixin/build.sh             write them
#   mixin/build.sh --check     render into a temporary directory; exit 1 with a diff when a committed file
#                              differs (or a dashboard in dashboards/ is not one the mixin makes)
#   mixin/build.sh --out DIR   write them under DIR (DIR/alerts/..., DIR/dashboards/..., DIR/deploy/...)
#
# Needs Debian's jsonnet (installed here when missing and run as root), nothing else: no jsonnet-bundler,
# no grafonnet.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

usage() {
  sed -n '2,12p' "$0" >&2
  exit 2
}

mode=write
out=$root
case "${1:-}" in
  "") ;;
  --check) mode=check; [ $# -eq 1 ] || usage ;;
  --out) mode=out; [ $# -eq 2 ] && [ -n "$2" ] || usage; out=$2 ;;
  -h | --help) usage ;;
  *) usage ;;
esac

if ! command -v jsonnet >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "mixin/build.sh: needs jsonnet; install it (as root: apt-get install --no-install-recommends jsonnet) and run again" >&2
    exit 1
  fi
  echo "mixin/build.sh: installing jsonnet" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends jsonnet >/dev/null
fi

# Writes every file of render.jsonnet under $1.
render() {
  mkdir -p "$1/alerts" "$1/dashboards" "$1/deploy/kubernetes"
  jsonnet -J "$here" -S -m "$1" "$here/render.jsonnet" >/dev/null
}

# The files render.jsonnet makes, relative to the repository root.
rendered_files() {
  jsonnet -J "$here" -S -e "std.join('\n', std.objectFields(import 'render.jsonnet'))"
}

case $mode in
  write | out)
    mkdir -p "$out"
    render "$out"
    rendered_files | sed "s|^|mixin/build.sh: wrote $out/|" >&2
    ;;
  check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    render "$tmp"
    status=0
    while IFS= read -r file; do
      if ! diff -u --label "committed $file" --label "rendered $file" "$root/$file" "$tmp/$file" 2>&1; then
        echo "mixin/build.sh: $file is not what mixin/ renders" >&2
        status=1
      fi
    done < <(rendered_files)
    # A dashboard that the mixin does not make (a leftover, or one edited in by hand) fails too.
    for file in "$root"/dashboards/*.json; do
      [ -e "$file" ] || continue
      if [ ! -e "$tmp/dashboards/$(basename "$file")" ]; then
        echo "mixin/build.sh: dashboards/$(basename "$file") is not made by mixin/" >&2
        status=1
      fi
    done
    if [ $status -ne 0 ]; then
      echo "mixin/build.sh: run mixin/build.sh and commit the result" >&2
      exit 1
    fi
    echo "mixin/build.sh: the committed files are what mixin/ renders" >&2
    ;;
esac
