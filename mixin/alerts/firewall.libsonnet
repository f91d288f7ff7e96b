// The alerts about what the firewall lets through (issue 19): a group of prometheusAlerts, made by
// alerts.libsonnet with its helpers (rule, newListeners, where, netns, owners).
//
// portwatch_listener_info's `reachable` label says whether a new connection from outside the host (a TCP SYN or
// a first UDP datagram, from a source that is not local, on an interface but loopback) would reach the listener
// through the nftables ruleset: yes (from any source), some (only from some sources or some interfaces: an
// allow-list), no, local (loopback-bound, or only from the host itself), unknown (no ruleset readable, or a rule
// the evaluator does not follow). PortwatchUnassignedWellKnownListener pages whatever it says.
// portwatch_firewall_ruleset_unreadable{reason} is 1 for the reason no ruleset can be read, when every listener
// is unknown.
local text = import '../lib/text.libsonnet';

function(h)
  local c = h.config;
  {
    name: 'portwatch-firewall',
    rules: [
      // A new listener (PortwatchNewListener's definition: first seen after the baseline, within 24h, open a
      // minute) that the firewall lets new connections from outside reach, from any source (yes) or from some
      // (some). The same shape as PortwatchNewListener, with reachable=~"yes|some" in the selector: a ticket
      // beside it for the new listeners that matter most, those the network can reach. A listener that is
      // unknown (no ruleset readable, a rule the evaluator does not follow) is left to PortwatchNewListener
      // and PortwatchFirewallUnreadable: never a guess. The alert carries every label of the listener's
      // series, reachable included; its value is the first-seen Unix time.
      h.rule(
        'PortwatchReachableUnexpectedListener',
        h.newListeners('reachable=~"yes|some", expected="false"'),
        c.reachableUnexpectedListenerFor,
        'warning',
        'New listener {{ $labels.protocol }}/{{ $labels.port }} on {{ $labels.instance }} is reachable from outside' + h.where,
        "{{ $labels.instance }} has a new {{ $labels.protocol }} listener on {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}, exposure {{ $labels.exposure }}%s) owned by %s, first seen {{ $value | humanizeTimestamp }}, that the firewall lets a new connection from outside reach: {{ if eq $labels.reachable \"yes\" }}from any source{{ else }}from some sources or on some interfaces only (an allow-list){{ end }} (reachable {{ $labels.reachable }}). IANA: {{ $labels.iana_status }}, service {{ $labels.iana_service }}, range {{ $labels.range }}. It is not in PortWatch's expected list." % [h.netns, h.owners],
      ),

      // The exporter cannot read the nftables ruleset: every listener is reachable="unknown", so
      // PortwatchReachableUnexpectedListener cannot fire and the dashboards cannot tell exposed listeners from
      // firewalled ones. Everything else is reported as before. A deployment fault, as an exporter without
      // the rights to read processes is: a ticket. for: 10m rides out a ruleset that fails to list while a
      // tool rewrites it; the reason label says which fix (docs/runbooks.md).
      h.rule(
        'PortwatchFirewallUnreadable',
        'portwatch_firewall_ruleset_unreadable == 1',
        c.firewallUnreadableFor,
        'warning',
        'PortWatch on {{ $labels.instance }} cannot read the firewall ruleset ({{ $labels.reason }})',
        'PortWatch on {{ $labels.instance }} has been unable to read the nftables ruleset for %s (reason {{ $labels.reason }}: {{ if eq $labels.reason "no_permission" }}the exporter lacks CAP_NET_ADMIN{{ else if eq $labels.reason "no_library" }}libnftables.so.1 is not installed{{ else if eq $labels.reason "legacy_iptables" }}legacy iptables tables are loaded, whose rules libnftables does not show{{ else }}listing or parsing the ruleset fails; the log says why{{ end }}). Every listener is reachable="unknown": whether the firewall lets a new connection from outside reach it is not known, and PortwatchReachableUnexpectedListener cannot fire. Every other label, and every other alert, is as before.' % text.duration(c.firewallUnreadableFor),
      ),
    ],
  }
