#!/bin/sh
# Regenerates the *.json fixtures from the *.nft and *.rules rulesets beside them with the real nft and
# iptables-nft, inside a network namespace made for it (the host's ruleset is never touched). Needs root.
set -eu
cd "$(dirname "$0")"
ns="pwfw-capture-$$"
ip netns add "$ns"
trap 'ip netns delete "$ns"' EXIT
ip netns exec "$ns" ip link add veth-out type veth peer name veth-peer
for file in *.nft *.rules; do
  ip netns exec "$ns" nft flush ruleset
  case "$file" in
    *.nft) ip netns exec "$ns" nft -f "$file" ;;
    *.rules) ip netns exec "$ns" iptables-nft-restore < "$file" ;;
  esac
  ip netns exec "$ns" nft -j list ruleset | python3 -m json.tool --indent 1 > "${file%.*}.json"
done
