#!/usr/bin/env bash
# PortWatch's one build script.
#   ./build.sh            build everything (Release)
#   ./build.sh test       install what the tests need (apt, when root and missing), then run every test;
#                         ends with a line "N passed, N failed[, N skipped]"
#   ./build.sh publish    Native AOT linux-x64 binary in artifacts/publish/ (installs a C toolchain, zlib and libbpf headers when root and missing)
#   ./build.sh package    publish, then the Debian package artifacts/portwatch_<version>_amd64.deb (docs/packaging.md)
#   ./build.sh release    package, then artifacts/portwatch-<version>.linux-amd64.tar.gz and artifacts/sha256sums.txt
#   ./build.sh run [FLAGS]  run the exporter from source (defaults: :10133, /proc)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# install_missing WHO ADVICE STATUS PACKAGE...: installs the Debian packages (as root), or says what WHO needs and
# returns STATUS (1: the caller cannot go on; 0: it goes on without them, as ADVICE says). Nothing when none is missing.
install_missing() {
  local who=$1 advice=$2 status=$3 missing
  shift 3
  [ $# -eq 0 ] && return 0
  mapfile -t missing < <(printf '%s\n' "$@" | sort -u)
  if [ "$(id -u)" -ne 0 ]; then
    echo "build.sh: $who these Debian packages: ${missing[*]}; install them (as root: apt-get install --no-install-recommends ${missing[*]}) $advice" >&2
    return "$status"
  fi
  echo "build.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # Debian's packages would start their services where an init system runs; the tests start their own.
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian packages the tests start for real: promtool, Prometheus, Alertmanager (amtool), ss, jsonnet (renders
# mixin/ to compare with the committed alerts/, dashboards/ and PrometheusRule); node and npm
# (the offline checks of deploy/: Kubernetes and Compose schemas, the Dockerfile), systemd-analyze (the unit);
# openssl (certificates and TLS clients) and htpasswd (apache2-utils: bcrypt hashes) for --web.config.file;
# the packaging tools below.
require_test_tools() {
  local missing=()
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
  command -v ss >/dev/null || missing+=(iproute2)
  command -v jsonnet >/dev/null || missing+=(jsonnet)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  [ -f /usr/share/ipv6toolkit/service-names-port-numbers.csv ] || missing+=(ipv6toolkit)
  # The packaging tests (docs/packaging.md): lintian, a debootstrap root to install the .deb in with apt, and a
  # dockerd of their own to build and run the image (Debian's docker.io).
  command -v lintian >/dev/null || missing+=(lintian)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
  command -v help2man >/dev/null || missing+=(help2man)
  command -v objcopy >/dev/null || missing+=(binutils)
  # The firewall agreement tests load real rulesets with nft into network namespaces of their own (nftables
  # brings libnftables1, the library the exporter reads rulesets through).
  command -v nft >/dev/null || missing+=(nftables)
  install_missing "the tests need" "and run again" 1 "${missing[@]}"
}

# Native AOT links with the system's C toolchain and zlib (Microsoft.DotNet.ILCompiler's prerequisites).
require_native_toolchain() {
  local missing=()
  command -v clang >/dev/null || command -v gcc >/dev/null || missing+=(clang)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  install_missing "Native AOT needs" "and run again" 1 "${missing[@]}"
}

# The eBPF tracer (docs/architecture.md, "The tracer"): clang compiles src/PortWatch.Core/Tracing/bpf/listen.bpf.c
# against libbpf-dev's headers (which bring libbpf1, the run-time library the tests load). Without them
# PortWatch.Core.csproj builds without the tracer; build.sh installs them, and publishes with -p:PortWatchBpf=require.
require_bpf_toolchain() {
  local missing=()
  command -v clang >/dev/null || missing+=(clang)
  [ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
  install_missing "the eBPF tracer needs" "or the build leaves the tracer out" 0 "${missing[@]}"
}

# The Debian package's tools: dpkg-shlibdeps, dpkg-gencontrol (dpkg-dev), help2man, objcopy (binutils).
require_package_tools() {
  local missing=()
  command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
  command -v help2man >/dev/null || missing+=(help2man)
  command -v objcopy >/dev/null || missing+=(binutils)
  install_missing "packaging needs" "and run again" 1 "${missing[@]}"
}

publish() {
  require_native_toolchain
  require_bpf_toolchain
  dotnet publish src/PortWatch/PortWatch.csproj -c Release -r linux-x64 -p:PublishAot=true -p:PortWatchBpf=require -o artifacts/publish
  echo "build.sh: artifacts/publish/portwatch"
}

# Sums the "Total tests / Passed / Failed / Skipped" blocks dotnet test prints for each test assembly. An
# assembly that printed no block (its test host crashed) counts as one failure.
summarize() {
  awk -v expected="$2" '
    /^Total tests: [0-9]+/ { runs++; block = 1; next }
    block && /^ +Passed: +[0-9]+/ { p += $2 }
    block && /^ +Failed: +[0-9]+/ { f += $2 }
    block && /^ +Skipped: +[0-9]+/ { s += $2 }
    /^ *Total time:/ { block = 0 }
    END {
      if (runs < expected) f += expected - runs
      line = (p + 0) " passed, " (f + 0) " failed"
      if (s > 0) line = line ", " s " skipped"
      print line
      exit (f > 0)
    }' "$1"
}

run_tests() {
  require_test_tools
  require_native_toolchain
  require_bpf_toolchain
  dotnet build Exporter.sln -c Debug
  local log status=0
  log=$(mktemp)
  local projects=(tests/PortWatch.Core.Tests tests/PortWatch.Tests tests/PortWatch.IntegrationTests)
  for project in "${projects[@]}"; do
    dotnet test "$project" --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=1
  done
  summarize "$log" "${#projects[@]}" || status=1
  rm -f "$log"
  return $status
}

case "${1:-build}" in
  build)
    require_bpf_toolchain
    dotnet build Exporter.sln -c Release
    ;;
  test)
    run_tests
    ;;
  publish)
    publish
    ;;
  package)
    require_package_tools
    publish
    packaging/deb.sh
    ;;
  release)
    require_package_tools
    publish
    packaging/deb.sh
    packaging/tarball.sh
    ;;
  run)
    shift
    dotnet run --project src/PortWatch/PortWatch.csproj -c Release -- "$@"
    ;;
  *)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
