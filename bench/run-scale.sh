#!/usr/bin/env bash
# Runs the scale harness (docs/benchmarks.md) as root: installs the tools it compares against, publishes the
# Native AOT binary, and prints the results as Markdown.
#   bench/run-scale.sh [--quick]          (the whole harness)
#   bench/run-scale.sh --tracer [--quick] (the eBPF tracer: listen() to /metrics, CPU under churn, on and off)
#   bench/run-scale.sh --packet [--packet-sockets N] [--quick]
#                                         (scans with the packet and raw socket stage and without it, 0 and N sockets)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
missing=()
for tool in ss:iproute2 wrk:wrk nginx:nginx prometheus-node-exporter:prometheus-node-exporter; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  # A fresh machine has no package lists yet (as in build.sh).
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
./build.sh publish >/dev/null
dotnet run -c Release --project bench/PortWatch.Scale -- --exporter artifacts/publish/portwatch "$@"
