#!/usr/bin/env bash
# What --web.config.file costs a scrape, measured (not asserted) on the Native AOT binary with curl under hyperfine:
# a scrape whose basic auth check is answered by the cache, one that pays bcrypt (the cache emptied by a reload
# before each run), a wrong password and an unknown user (both always pay bcrypt), and /-/healthy (TLS and curl
# alone); then resident memory with and without the web configuration. Results: docs/security.md, docs/benchmarks.md.
#   bench/web-config.sh [COST]     bcrypt cost of the hash (default 10, as exporter-toolkit's docs show)
# Run it under the shared build lock; it publishes the AOT binary when artifacts/publish/portwatch is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cost=${1:-10}
for tool in openssl htpasswd hyperfine curl; do
  command -v "$tool" >/dev/null || { echo "bench/web-config.sh: needs $tool (apt-get install openssl apache2-utils hyperfine curl)" >&2; exit 1; }
done
[ -x artifacts/publish/portwatch ] || ./build.sh publish >/dev/null
binary=$PWD/artifacts/publish/portwatch
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=bench-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt 2>/dev/null
hash=$(htpasswd -nbB -C "$cost" prometheus s3cret | cut -d: -f2- | tr -d '\n')
cat > web.yml <<YAML
tls_server_config:
  cert_file: server.crt
  key_file: server.key
basic_auth_users:
  prometheus: '$hash'
YAML

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"; }
start() { # start PORT [FLAGS]: waits for /-/healthy
  local port=$1; shift
  "$binary" --web.listen-address="127.0.0.1:$port" --scan.interval=1s "$@" 2>>"$work/log" &
  pids+=($!)
  for _ in $(seq 100); do curl -sk -o /dev/null "https://127.0.0.1:$port/-/healthy" 2>/dev/null && return; curl -s -o /dev/null "http://127.0.0.1:$port/-/healthy" 2>/dev/null && return; sleep 0.1; done
  echo "portwatch did not start: $(cat "$work/log")" >&2; exit 1
}

port=$(free_port)
start "$port" --web.config.file="$work/web.yml"
pid=${pids[-1]}
url="https://127.0.0.1:$port"
curl_metrics="curl -sf --cacert $work/ca.crt -o /dev/null"
$curl_metrics -u prometheus:s3cret "$url/metrics"  # warm the cache
sleep 2
rss_idle=$(rss "$pid")

hyperfine -N --warmup 5 --runs 60 --export-markdown "$work/scrape.md" \
  -n "/-/healthy, no auth (TLS and curl alone)" "$curl_metrics $url/-/healthy" \
  -n "/metrics, right password, cached check" "$curl_metrics -u prometheus:s3cret $url/metrics" \
  -n "/metrics, wrong password (bcrypt each time)" "curl -s --cacert $work/ca.crt -o /dev/null -u prometheus:wrong $url/metrics" \
  -n "/metrics, unknown user (bcrypt on the dummy hash)" "curl -s --cacert $work/ca.crt -o /dev/null -u nobody:s3cret $url/metrics" >/dev/null
# A successful check that pays bcrypt: touch the file before each run so that the next request reloads it (a new,
# empty cache); the reload itself (reading the file and the certificate) is in the figure too.
hyperfine -N --runs 20 --export-markdown "$work/uncached.md" --prepare "sh -c 'touch $work/web.yml; sleep 1.1'" \
  -n "/metrics, right password, bcrypt (cache emptied by a reload)" "$curl_metrics -u prometheus:s3cret $url/metrics" >/dev/null
for _ in $(seq 200); do $curl_metrics -u prometheus:s3cret "$url/metrics"; done
rss_scraped=$(rss "$pid")

plain=$(free_port)
start "$plain"
sleep 2
rss_plain=$(rss "${pids[-1]}")
for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$plain/metrics"; done
rss_plain_scraped=$(rss "${pids[-1]}")

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), bcrypt cost $cost, $(date -u +%F)"
echo
cat "$work/scrape.md"
tail -n 1 "$work/uncached.md"
echo
echo "| resident memory (VmRSS) | idle | after 200 scrapes |"
echo "|---|---:|---:|"
echo "| plain HTTP, no web configuration | $rss_plain | $rss_plain_scraped |"
echo "| TLS and basic auth (web.yml) | $rss_idle | $rss_scraped |"
