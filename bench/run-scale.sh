#!/usr/bin/env bash
# Runs the scale harness (docs/benchmarks.md) as root: installs the tools it compares against, publishes the
# Native AOT binary, and prints the results as Markdown.
#   bench/run-scale.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
for tool in ss:iproute2 wrk:wrk nginx:nginx prometheus-node-exporter:prometheus-node-exporter; do
  command -v "${tool%%:*}" >/dev/null || apt-get install -y -q --no-install-recommends "${tool##*:}" >/dev/null
done
./build.sh publish >/dev/null
dotnet run -c Release --project bench/PortWatch.Scale -- --exporter artifacts/publish/portwatch "$@"
