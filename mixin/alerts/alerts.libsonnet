// PortWatch alerting rules: prometheusAlerts. Settings (selector, for: durations, thresholds, runbook base
// URL) come from config.libsonnet. mixin/build.sh renders them into alerts/portwatch.rules.yml (unit-tested
// by alerts/tests/*.test.yml) and deploy/kubernetes/prometheusrule.yaml.
//
// Metrics: docs/metrics.md. Runbooks: docs/runbooks.md, one section per alert; every runbook_url is
// <runbookBaseUrl>#<alert name in lower case>, the anchor of the section whose heading is the alert name.
//
// Severity: critical pages; warning makes a ticket; info is for dashboards and the Alertmanager UI only.
// alerts/alertmanager.example.yml routes them that way.
//
// Listeners labelled expected="true" (they match the config's `expected:` list) never raise a listener
// alert. A listener alert carries every label of its portwatch_listener_info series: instance, job,
// protocol, family, address, port, netns, exposure, range, iana_status, iana_service, process, executable,
// unit, container, pod, k8s_namespace, expected. The packet-socket and executable alerts are in
// packet_sockets.libsonnet.
//
// Evaluation interval. These groups set no `interval:` and use the server's global.evaluation_interval. The
// page for a new listener on an unassigned well-known port takes about scan + scrape + evaluation interval,
// plus Alertmanager's group_wait. With 1s intervals and group_wait 0s that is about 3 s. With the defaults
// (15s scan, 15s scrape, 1m evaluation) it can take 1.5 min.
//
// Scrape gaps. After a failed scrape, Prometheus marks every series of that target stale. A rule that reads
// portwatch_listener_info directly then returns nothing, and its alert resolves. With `for: 0s` it fires
// again on the next good scrape (a second page); with a longer `for:` the pending timer restarts. Every
// listener rule therefore reads the listener through this expression (`held` below):
//
//     portwatch_listener_info{...}
//   or
//     (max_over_time(portwatch_listener_info{...}[5m]) unless on(job, instance) up == 1)
//
// Translation: the listeners in the latest scrape, plus, while this target's scrape is failing, the
// listeners of its last good scrapes in the past 5 minutes (scrapeGapHold).
//   * A scrape gap, or an exporter restart (up == 0 until it answers again), does not resolve or reset
//     anything.
//   * A closed listener resolves at the first evaluation after the first good scrape without it: the
//     exporter is up, so only the first branch counts. There is no fixed delay.
//   * If the exporter stays down, the listener alerts resolve 5 minutes after its last good scrape.
//     PortwatchExporterDown (for: 5m) fires at about the same moment.
//   * If `up` for the target is missing (e.g. data arrives through federation), the `unless` does nothing
//     and a closed listener resolves within 5 minutes.
// The 5m window only matters while a target is down. It matches PortwatchExporterDown's `for:` so coverage
// passes straight from one alert to the other.
//
// keep_firing_for. Prometheus 2.42.0 added `keep_firing_for`. These rules do not use it for two reasons. It
// keeps an alert firing for its whole duration after every resolution, including a listener that really
// did close, whereas the expression above resolves at once when the exporter is up. It also makes the file
// fail to load on Prometheus older than 2.42. The rules here need Prometheus 2.26 or later
// (last_over_time).
//
// --scan.retention. With retention above 0, the exporter keeps a closed listener's series for the retention
// time, so that short-lived listeners still reach a scrape. The listener alerts fire on those retained
// series by design: a listener that existed for two seconds on port 12 is worth a page. They resolve when
// retention drops the series.
//
// Joins. A listener is (protocol, family, address, port, netns) of a target (job, instance): the same port
// on the host and inside a container's network namespace are two listeners. Every join between
// portwatch_listener_info and the first-seen/last-seen families is on all of these labels.
local text = import '../lib/text.libsonnet';

{
  prometheusAlerts+:: {
    local c = $._config,

    // An alerting rule; its runbook_url is <base>#<name in lower case>.
    local rule(name, expr, forDuration, severity, summary, description, labels={}, runbookBase=c.runbookBaseUrl) = {
      alert: name,
      expr: expr,
      'for': forDuration,
      labels: { severity: severity } + labels,
      annotations: {
        summary: summary,
        description: description,
        runbook_url: '%s#%s' % [runbookBase, std.asciiLower(name)],
      },
    },

    // Annotation text about a listener's owners (SPEC 3). `known(l)`: the label is set, and neither none
    // (does not apply) nor unknown (could not be read); a missing label (an older exporter) is left out.
    local known(l) = 'and $labels.%(l)s (ne $labels.%(l)s "none") (ne $labels.%(l)s "unknown")' % { l: l },
    local notHostNetns = 'and $labels.netns (ne $labels.netns "host")',
    // For a summary: where the listener runs, most specific first: " in pod NS/NAME", " in container ID",
    // " in unit NAME", or " in network namespace INODE" (a namespace of no container, e.g. `ip netns`).
    local where = '{{ if %s }} in pod {{ $labels.k8s_namespace }}/{{ $labels.pod }}{{ else if %s }} in container {{ $labels.container }}{{ else if %s }} in unit {{ $labels.unit }}{{ else if %s }} in network namespace {{ $labels.netns }}{{ end }}' % [known('pod'), known('container'), known('unit'), notHostNetns],
    // For a description, inside the parentheses after the address family: the network namespace, unless
    // it is the exporter's own.
    local netns = '{{ if %s }}, network namespace {{ $labels.netns }}{{ end }}' % notHostNetns,
    // For a description, after the exposure: whether the firewall lets a new connection from outside reach it
    // (issue 19), when the series says (an exporter older than the label does not).
    local reachable = '{{ if $labels.reachable }}, reachable {{ $labels.reachable }}{{ end }}',
    local reachableNote = '{{ if $labels.reachable }}{{ if or (eq $labels.reachable "no") (eq $labels.reachable "local") }} The firewall keeps it from outside today (reachable {{ $labels.reachable }}); it still pages: the next rule change, a published port or a process on the host can reach it.{{ end }}{{ end }}',
    // For a description: every owner, none and unknown included.
    local owners = 'process {{ $labels.process }}, unit {{ $labels.unit }}, container {{ $labels.container }}, pod {{ if %s }}{{ $labels.k8s_namespace }}/{{ end }}{{ $labels.pod }}' % known('k8s_namespace'),

    // The series of `metric` matching `matchers`, held over scrape gaps (see the header).
    local heldOf(metric, matchers) = |||
      %(metric)s{%(m)s}
      or
      (
        max_over_time(%(metric)s{%(m)s}[%(hold)s])
        unless on(job, instance) up == 1
      )
    ||| % { metric: metric, m: matchers, hold: c.scrapeGapHold },
    // The listeners matching `matchers`, held over scrape gaps.
    local held(matchers) = heldOf('portwatch_listener_info', matchers),
    // The packet and raw sockets matching `matchers`, held over scrape gaps.
    local heldPackets(matchers) = heldOf('portwatch_packet_sockets', matchers),
    // The listeners matching `matchers` (held over scrape gaps) that are new: first seen after the baseline and
    // within the window (PortwatchNewListener, below, says why each part is there). The value is the first-seen
    // Unix time; every label of portwatch_listener_info is carried.
    local newListeners(matchers) = |||
      (
        portwatch_listener_info{%(m)s}
        or
        (
          max_over_time(portwatch_listener_info{%(m)s}[%(hold)s])
          unless on(job, instance) up == 1
        )
      )
      * on(job, instance, protocol, family, address, port, netns) group_left()
      (
        (
          last_over_time(portwatch_listener_first_seen_timestamp_seconds[%(hold)s])
          > on(job, instance) group_left()
          last_over_time(portwatch_baseline_timestamp_seconds[%(hold)s])
        )
        > time() - %(window)d
      )
    ||| % { m: matchers, hold: c.scrapeGapHold, window: c.newListenerWindowSeconds },

    groups+: [
      {
        name: 'portwatch-listeners',
        rules: [
          // for: 0s, so it fires at the first evaluation that sees the listener. The page has to reach
          // Alertmanager within about 5 s when scan, scrape and evaluation run every 1s. Any `for:` of at
          // least one evaluation interval costs a whole interval and would miss a listener that lives only
          // a few seconds. No `for:` is needed against flapping either: the gap-holding expression (see the
          // header) keeps the alert firing through failed scrapes and exporter restarts. The cost is a page
          // for every unexpected listener on an unassigned system port, however brief. On this range that
          // is the intended behaviour: binding below 1024 takes root or CAP_NET_BIND_SERVICE, and no
          // legitimate service uses an unassigned one.
          // The selector is PortWatch's paging rule (PagingRule in the exporter, which marks the rows that
          // would page on its landing page): PagingRuleTests ties the two together, and the dashboards'
          // paging queries, to the letter.
          // Whatever `reachable` says (issue 19): a backdoor behind today's firewall is still a backdoor, so
          // the selector leaves it out; the alert carries it (a label of the listener's series, kept by `or`
          // and max_over_time in held) and the description names it.
          rule(
            'PortwatchUnassignedWellKnownListener',
            held('range="system", iana_status="unassigned", expected="false"'),
            c.unassignedWellKnownListenerFor,
            'critical',
            'Unassigned well-known port {{ $labels.protocol }}/{{ $labels.port }} is listening on {{ $labels.instance }}' + where,
            "{{ $labels.instance }} has a {{ $labels.protocol }} listener on {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}, exposure {{ $labels.exposure }}%s%s) owned by %s. IANA has assigned no service to this system port, and it is not in PortWatch's expected list. Binding a port below 1024 takes root or CAP_NET_BIND_SERVICE.%s" % [reachable, netns, owners, reachableNote],
          ),

          // Severity warning, not critical. IANA reserves 0, 225-241, 1023, 1024 and 49151. Two of those are
          // the edges of ranges that allocators give out by chance: 1023 falls in bindresvport()'s 600-1023
          // range (RPC daemons such as rpc.statd), and 49151 falls in Linux's default ephemeral range, which
          // unconnected UDP client sockets use. Paging at 3am for a port chosen by chance would be noise. A
          // ticket still flags every reserved-port listener, and the system range already pages through
          // PortwatchUnassignedWellKnownListener.
          // for: 1m. Client sockets that are bound for a moment go away; a daemon stays.
          rule(
            'PortwatchReservedPortListener',
            held('iana_status="reserved", expected="false"'),
            c.reservedPortListenerFor,
            'warning',
            'Reserved port {{ $labels.protocol }}/{{ $labels.port }} is listening on {{ $labels.instance }}' + where,
            "{{ $labels.instance }} has a {{ $labels.protocol }} listener on {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}, exposure {{ $labels.exposure }}, range {{ $labels.range }}%s) owned by %s. IANA reserves this port: no service may use it. It is not in PortWatch's expected list." % [netns, owners],
          ),

          // Any user can bind a user-range port, and development tools do it all the time. Linux's default
          // ephemeral range (32768-60999) also overlaps 32768-49151, where unconnected UDP client sockets
          // bound to 0.0.0.0 look like listeners. This alert therefore needs a port that is unassigned, open
          // on every address (wildcard; loopback and specific addresses are out of scope), and still open
          // after 10 minutes. That filters transient sockets and short experiments and keeps long-running
          // unexpected services. Ticket, not page.
          rule(
            'PortwatchUnassignedUserPortWildcardListener',
            held('range="user", iana_status="unassigned", exposure="wildcard", expected="false"'),
            c.unassignedUserPortWildcardListenerFor,
            'warning',
            'Unassigned port {{ $labels.protocol }}/{{ $labels.port }} is listening on all addresses of {{ $labels.instance }}' + where,
            "{{ $labels.instance }} has had a {{ $labels.protocol }} listener on the wildcard address {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}%s) owned by %s for %s. IANA has assigned no service to this user port, and it is not in PortWatch's expected list. It accepts traffic from any network the host is on." % [netns, owners, text.duration(c.unassignedUserPortWildcardListenerFor)],
          ),

          // A listener is new when the exporter first saw it after its baseline (SPEC 8). first_seen is
          // compared with `>`, strictly:
          //   * On a first deployment, the listeners of the first scan get first_seen == baseline, so none
          //     of them is new.
          //   * After a restart with --state.file, first_seen and the baseline are both restored. Old
          //     listeners keep their old first_seen. A listener opened while the exporter was down gets
          //     first_seen at the next start, after the baseline, so it is new.
          //   * After a restart without a state file, the baseline starts over and nothing is new.
          // Window: 24h (newListenerWindowSeconds). The alert stays active while a listener first seen in
          // the past 24 hours is open, and resolves by itself after that (the listener is no longer new, it
          // is simply there). That gives a working day to see it in Alertmanager or Grafana.
          // for: 1m. A listener has to stay open a minute. Unconnected UDP client sockets on ephemeral ports
          // (DNS lookups, NTP) count as listeners and come and go all the time; without it they would make
          // a steady stream of tickets. Short-lived listeners on system ports are paged by
          // PortwatchUnassignedWellKnownListener with no delay.
          // Shape: the listener_info side (held over scrape gaps, expected="false") is the "many" side of
          // group_left. Its labels (process, unit, container, iana_service, exposure, range, iana_status...)
          // are carried into the alert. The right side is a single series per listener,
          // portwatch_listener_first_seen_timestamp_seconds (labels: protocol, family, address, port,
          // netns). It passes only if the listener is new and in the window. last_over_time holds it over
          // scrape gaps. The alert's value is the first-seen Unix time.
          rule(
            'PortwatchNewListener',
            newListeners('expected="false"'),
            c.newListenerFor,
            'warning',
            'New listener {{ $labels.protocol }}/{{ $labels.port }} on {{ $labels.instance }}' + where,
            "{{ $labels.instance }} has a new {{ $labels.protocol }} listener on {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}, exposure {{ $labels.exposure }}%s) owned by %s, first seen {{ $value | humanizeTimestamp }}. IANA: {{ $labels.iana_status }}, service {{ $labels.iana_service }}, range {{ $labels.range }}. It is not in PortWatch's expected list." % [netns, owners],
          ),
        ],
      },
      (import 'firewall.libsonnet')({
        config: c,
        rule: rule,
        newListeners: newListeners,
        where: where,
        netns: netns,
        owners: owners,
      }),
      (import 'packet_sockets.libsonnet')({
        config: c,
        rule: rule,
        held: held,
        heldPackets: heldPackets,
        where: where,
        netns: netns,
        owners: owners,
      }),
      {
        name: 'portwatch-exporter',
        rules: [
          // Warning, not critical. A PortWatch that is down makes a blind spot, not an intrusion. If your
          // policy treats loss of coverage as a page, raise it.
          // for: 5m rides out restarts, deploys and short network trouble. The listener alerts hold their
          // state for the same 5 minutes (scrapeGapHold, see the header).
          rule(
            'PortwatchExporterDown',
            'up{%s} == 0' % c.portwatchSelector,
            c.exporterDownFor,
            'warning',
            'PortWatch on {{ $labels.instance }} is down',
            'Prometheus has failed to scrape PortWatch at {{ $labels.instance }} (job {{ $labels.job }}) for %s. Listeners that open on this host are not seen until it is back.' % text.duration(c.exporterDownFor),
            runbookBase=c.exporterRunbookBaseUrl,
          ),

          // No target at all: a broken service discovery or scrape config, or a job selector
          // (portwatchSelector) that does not match your job name (then it fires everywhere, which is the
          // point). for: 10m lets a freshly started Prometheus discover targets and finish its first
          // scrapes. The alert has no instance label.
          rule(
            'PortwatchExporterAbsent',
            'absent(up{%s})' % c.portwatchSelector,
            c.exporterAbsentFor,
            'warning',
            'No PortWatch target is being scraped',
            "Prometheus has had no scrape target matching up{%s} for %s. No host's listeners are monitored. Check the scrape configuration, service discovery, and the job selector of this alert (portwatchSelector in the PortWatch mixin's _config)." % [c.portwatchSelector, text.duration(c.exporterAbsentFor)],
            runbookBase=c.exporterRunbookBaseUrl,
          ),

          // The exporter answers, but its scans fail. It keeps serving the listeners of the last good scan,
          // so new listeners go unseen. for: 5m tolerates a failure of /proc that one or a few scans run
          // into.
          rule(
            'PortwatchScanFailing',
            'portwatch_scan_success == 0',
            c.scanFailingFor,
            'warning',
            'PortWatch scans fail on {{ $labels.instance }}',
            'Every PortWatch scan on {{ $labels.instance }} has failed for %s. The listener metrics still show the last successful scan. Look at portwatch_scan_errors_total to see which stage fails.' % text.duration(c.scanFailingFor),
          ),

          // No successful scan for three scan intervals, with a 60s floor so that 1s-5s intervals do not
          // alert on one slow scan. This catches a scan loop that hangs while HTTP still answers: then
          // portwatch_scan_success can stay 1. A failing scan also makes this true; Alertmanager inhibits
          // this alert with PortwatchScanFailing. for: 2m adds to the threshold: at the 15s default, an
          // alert comes after about 3 minutes without a scan.
          rule(
            'PortwatchScanStale',
            |||
              time() - portwatch_last_scan_timestamp_seconds
              > clamp_min(%(n)d * portwatch_scan_interval_seconds, %(floor)d)
            ||| % { n: c.scanStaleIntervals, floor: c.scanStaleFloorSeconds },
            c.scanStaleFor,
            'warning',
            'PortWatch on {{ $labels.instance }} has not scanned for {{ $value | humanizeDuration }}',
            'The last successful PortWatch scan on {{ $labels.instance }} finished {{ $value | humanizeDuration }} ago, more than %s scan intervals ago. The listener metrics are out of date.' % text.number(c.scanStaleIntervals),
          ),

          // The listener limit (--scan.max-listeners, 10,000 by default) bites: the host has more listeners
          // than get series, and the rest are left out of portwatch_listener_info, so no listener alert can
          // fire for them. The exporter keeps those that would page first, then unexpected ones (oldest
          // first), so PortwatchUnassignedWellKnownListener is the last to go blind. A real host never meets
          // the default: this is a flood of sockets (an attack, a runaway program) or a limit set too low.
          // Warning (ticket): the paging listeners are still there. for: 1m rides out one scan's burst of
          // client sockets in the ephemeral range (not retained once closed); listeners outside that range
          // stay counted for --scan.retention after they close, so a short flood of them still fires.
          rule(
            'PortwatchListenersDropped',
            'sum by (job, instance) (portwatch_listeners_dropped) > 0',
            c.listenersDroppedFor,
            'warning',
            'PortWatch on {{ $labels.instance }} leaves {{ $value }} listeners out of its metrics',
            'PortWatch on {{ $labels.instance }} has found more listeners than --scan.max-listeners allows for %s, and leaves {{ $value }} of them out of portwatch_listener_info: no listener alert can fire for those. It keeps the listeners that would page first, then unexpected ones, oldest first. portwatch_listeners still counts every listener, portwatch_listeners_dropped says which classes were left out, and `portwatch list` on the host prints them all.' % text.duration(c.listenersDroppedFor),
          ),

          // The namespace limit (--scan.max-namespaces, 256 by default, the host's own included) bites: more
          // network namespaces exist than are scanned, and the listeners of those left out are not seen at all.
          // Anyone may make namespaces (unshare -rn), so this is either a node with more pods than the limit or
          // someone hiding a listener behind a crowd of namespaces. Those already scanned keep their place, so
          // the containers watched before the flood stay watched. Warning (ticket); for: 5m rides out tools that
          // make namespaces for a moment (ip netns exec, test runners).
          rule(
            'PortwatchNamespacesLeftOut',
            'max by (job, instance) (portwatch_network_namespaces_left_out) > 0',
            c.namespacesLeftOutFor,
            'warning',
            'PortWatch on {{ $labels.instance }} does not scan {{ $value }} network namespaces',
            'PortWatch on {{ $labels.instance }} has found more network namespaces than --scan.max-namespaces allows for %s, and leaves {{ $value }} of them unscanned: their listeners are not seen, and no listener alert can fire for them. The exporter\'s own namespace is scanned first, then those it scanned before, then the rest by inode.' % text.duration(c.namespacesLeftOutFor),
          ),

          // Process attribution: one alert name, two rules, told apart by the `reason` label.
          // reason="unreadable", warning. The exporter lacks the permissions it needs (root, or
          // CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE). Listeners then show process="unknown", and `expected:`
          // entries that name a process stop matching, which can page for listeners you meant to run. That
          // is a deployment fault worth a ticket.
          // for: 1h ignores processes that exit or change while a scan reads them.
          rule(
            'PortwatchProcessAttributionDegraded',
            'portwatch_processes_unreadable > 0',
            c.processAttributionDegradedFor,
            'warning',
            'PortWatch cannot read {{ $value }} processes on {{ $labels.instance }}',
            'PortWatch on {{ $labels.instance }} could not read the open files of {{ $value }} processes in its last scan, and has been unable to for %s. Their listeners show process="unknown", and expected-list entries that name a process do not match them. Run PortWatch as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.' % text.duration(c.processAttributionDegradedFor),
            labels={ reason: 'unreadable' },
          ),
          // reason="disabled", info. Attribution is turned off (scan.processes: false), normally on purpose.
          // This only records the fact, on dashboards and in the Alertmanager UI.
          rule(
            'PortwatchProcessAttributionDegraded',
            'portwatch_process_attribution_enabled == 0',
            c.processAttributionDegradedFor,
            'info',
            'PortWatch process attribution is disabled on {{ $labels.instance }}',
            'PortWatch on {{ $labels.instance }} runs with process attribution disabled (scan.processes: false). Every listener shows process="unknown", and expected-list entries that name a process do not match.',
            labels={ reason: 'disabled' },
          ),

          // A start that could not read its state file (garbage, cut short, another version, a wrong entry,
          // unreadable) moved it aside and began a new baseline (SPEC 8). Every listener that opened while the
          // exporter was down is now in that baseline: it will never be reported as new, so someone has to
          // look at this host's listeners once. Warning (a ticket): nothing is open that was not before, but
          // the record that would have told is gone. The series exists only in the run that reset, with the
          // reset's time as its value; for: 0s and a 24h window (stateResetWindowSeconds): one ticket, and the
          // alert resolves by itself a day later, or when the exporter restarts with the new record.
          rule(
            'PortwatchStateReset',
            'portwatch_state_reset_timestamp_seconds > time() - %d' % c.stateResetWindowSeconds,
            '0s',
            'warning',
            'PortWatch on {{ $labels.instance }} started a new first-seen baseline: its state file could not be read',
            'PortWatch on {{ $labels.instance }} could not read its state file at {{ $value | humanizeTimestamp }} (reason {{ $labels.reason }}) and started a new first-seen baseline. {{ if eq $labels.moved_to "none" }}The file could not be moved aside: it is left as it was, and the new record is kept in memory only.{{ else }}The file was moved to {{ $labels.moved_to }} and kept.{{ end }} Listeners that opened while the exporter was down are now in the baseline: they are not reported as new, and PortwatchNewListener will not fire for them. Review the listeners of this host, and compare them with the moved file.',
          ),

          // Writes of the state file fail (a full disk, a read-only file system, permissions). Scans and scrapes
          // go on and the file keeps its last good save, but what was recorded since lives only in memory. The
          // exporter retries at every scan while it fails, so the counter grows for as long as the fault
          // lasts: failures in every 5-minute window for 10 minutes is a fault that lasts, while one failed
          // write (a disk full for a moment) does not make a ticket.
          rule(
            'PortwatchStateWriteFailing',
            'increase(portwatch_state_write_errors_total[%s]) > 0' % c.stateWriteFailingWindow,
            c.stateWriteFailingFor,
            'warning',
            'PortWatch cannot write its state file on {{ $labels.instance }}',
            'PortWatch on {{ $labels.instance }} has failed to write its state file for %s ({{ $value | humanize }} failed writes in the last %s). Scans and scrapes go on and the file keeps its last good save, but what was recorded since lives only in memory: after a restart, listeners first seen since that save count as new again. The log says why (a full disk, a read-only file system, permissions).' % [text.duration(c.stateWriteFailingFor), text.duration(c.stateWriteFailingWindow)],
          ),

          // --web.config.file changed (or a certificate it names) and could not be read: the configuration read
          // before stays in force, so scrapes go on, but a renewed certificate is not served and the old one will
          // expire, or a password meant to be revoked still works. Warning: someone must fix the file. for: gives an
          // editor time to finish a file it saves in several writes.
          rule(
            'PortwatchWebConfigReloadFailed',
            'portwatch_web_config_last_reload_successful == 0',
            c.webConfigReloadFailedFor,
            'warning',
            'PortWatch on {{ $labels.instance }} cannot load its changed web configuration',
            'PortWatch on {{ $labels.instance }} has failed for %s to load its --web.config.file after the file or a certificate it names changed. The configuration read before stays in force: a renewed certificate is not served yet (the old one will expire), and users or passwords removed from the file still work. The log says which field is wrong.' % text.duration(c.webConfigReloadFailedFor),
          ),

          // The IANA snapshot is over a year old, so ports assigned since then are classified as
          // unassigned. Info: nothing is broken, refresh it at the next release or with --registry.file.
          // for: 1h keeps it out of restarts.
          rule(
            'PortwatchRegistryOutdated',
            'time() - portwatch_registry_updated_timestamp_seconds > %d * 86400' % c.registryMaxAgeDays,
            c.registryOutdatedFor,
            'info',
            "PortWatch's IANA registry on {{ $labels.instance }} is {{ $value | humanizeDuration }} old",
            'The IANA port registry that PortWatch on {{ $labels.instance }} uses is dated {{ $value | humanizeDuration }} ago, more than %s. Ports that IANA assigned since then are classified as unassigned. Load a current CSV with --registry.file, or upgrade PortWatch.' % text.days(c.registryMaxAgeDays),
          ),
        ],
      },
    ],
  },
}
