#!/usr/bin/env bash
# What --scan.max-namespaces bounds (docs/benchmarks.md, "Namespaces at the cap"), as root: the published
# binary's descriptors, resident memory and scan time with no extra network namespace, and with N extra ones
# (ip netns add, as `unshare -rn` would make them) at the default cap of 256, at 512, and with no cap.
#   bench/namespaces.sh [N]     (N defaults to 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
[ "$(id -u)" -eq 0 ] || { echo "bench/namespaces.sh: needs root (ip netns add)" >&2; exit 1; }
[ -x artifacts/publish/portwatch ] || ./build.sh publish >/dev/null
prefix="pwbench$$-"
cleanup() { for f in /run/netns/"$prefix"*; do [ -e "$f" ] && ip netns delete "$(basename "$f")"; done; }
trap cleanup EXIT

# One run: start the exporter on a free loopback port, let it scan 20 times (1 s interval), sample.
measure() {
  local label=$1; shift
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  artifacts/publish/portwatch --web.listen-address="127.0.0.1:$port" --scan.interval=1s --scan.tracer=none "$@" 2>/dev/null &
  local pid=$!
  sleep 20
  local body; body=$(curl -s "http://127.0.0.1:$port/metrics")
  local fds; fds=$(ls /proc/$pid/fd | wc -l)
  local rss; rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$pid/status)
  local read; read=$(awk '/^portwatch_network_namespaces / {print $2}' <<<"$body")
  local left; left=$(awk '/^portwatch_network_namespaces_left_out / {print $2}' <<<"$body")
  local scan; scan=$(awk '/^portwatch_scan_duration_seconds / {printf "%.1f", $2*1000}' <<<"$body")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %s | %s | %s | %s | %s MiB | %s ms |\n' "$label" "$read" "$left" "$fds" "$rss" "$scan"
}

echo "| run | namespaces scanned | left out | descriptors | resident | last scan |"
echo "|---|---|---|---|---|---|"
measure "no extra namespace, cap 256 (default)" --scan.max-namespaces=256
for i in $(seq 1 "$n"); do ip netns add "$prefix$i"; done
measure "$n extra namespaces, cap 256 (default)" --scan.max-namespaces=256
measure "$n extra namespaces, cap 512" --scan.max-namespaces=512
measure "$n extra namespaces, no cap" --scan.max-namespaces=0
