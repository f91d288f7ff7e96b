#!/usr/bin/env bash
# Runs the scrape storm (docs/benchmarks.md, docs/security.md "Limits under load") as root: installs wrk when
# missing, publishes the Native AOT binary, and prints the results as Markdown. wrk opens 64 connections for
# 30 s against the exporter on loopback (this machine's listeners plus 1,000 the harness opens), once for each
# request limit, and once with 10,000 at the default limit; bench/storm.lua counts the responses by status code.
# Then two wide runs, 512 connections with the default limit and without one, show what the limit bounds.
#   bench/run-storm.sh [--seconds N] [--connections N] [--group storm|wide]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends wrk >/dev/null; }
./build.sh publish >/dev/null
dotnet run -c Release --project bench/PortWatch.Scale -- --storm --exporter artifacts/publish/portwatch --script bench/storm.lua "$@"
