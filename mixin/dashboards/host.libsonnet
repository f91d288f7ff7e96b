// PortWatch / Host: what is listening on one host, and should it be?
local g = import '../lib/grafana.libsonnet';
local text = import '../lib/text.libsonnet';

{
  grafanaDashboards+:: {
    local c = $._config,
    local q = (import 'common.libsonnet')(c),
    local sel = g.sel,
    local target = g.target,
    local ageThresholds = g.thresholds([['green', null], ['orange', 180 * 86400], ['red', 365 * 86400]]),

    local panels = [
      // Row 1: headline numbers.
      g.stat(
        'Exporter',
        'Whether Prometheus can scrape the exporter (up).',
        [0, 0, 3, 4],
        [target('A', sel('up'), 'up', instant=true)],
        unit='none',
        mappings=g.upDownMappings,
        thr=g.redGreen,
      ),
      g.stat(
        'Last scan',
        "Whether the exporter's last scan succeeded.",
        [3, 0, 3, 4],
        [target('A', sel('portwatch_scan_success'), 'scan', instant=true)],
        unit='none',
        mappings=g.okFailMappings,
        thr=g.redGreen,
      ),
      g.stat(
        'Since last successful scan',
        'time() - portwatch_last_scan_timestamp_seconds. Stops being renewed while scans fail.',
        [6, 0, 3, 4],
        [target('A', 'time() - ' + sel('portwatch_last_scan_timestamp_seconds'), 'age', instant=true)],
        unit='s',
        thr=g.thresholds([['green', null], ['orange', 60], ['red', 300]]),
      ),
      g.stat(
        'Listeners',
        'Listening sockets on this host.',
        [9, 0, 3, 4],
        [target('A', 'sum(%s)' % sel('portwatch_listeners'), 'listeners', instant=true)],
        colorMode='value',
      ),
      g.stat(
        'Unassigned well-known',
        'Listeners on a system port (0-1023) that IANA has not assigned and that are not in the expected list.',
        [12, 0, 3, 4],
        [target('A', 'count(%s) or vector(0)' % q.unassignedWellKnown, 'unassigned', instant=true)],
        thr=g.redAbove0,
      ),
      g.stat(
        'New in time range',
        "Listeners first seen after the exporter's baseline, within the dashboard's time range.",
        [15, 0, 3, 4],
        [target('A', 'count(\n%s\n) or vector(0)' % q.newListeners, 'new', instant=true)],
        thr=g.orangeAbove0,
      ),
      g.stat(
        'Wildcard-bound',
        'Listeners bound to all addresses (0.0.0.0, ::).',
        [18, 0, 3, 4],
        [target('A', 'count(%s) or vector(0)' % sel('portwatch_listener_info', 'exposure="wildcard"'), 'wildcard', instant=true)],
        colorMode='value',
      ),
      g.stat(
        'Version',
        'PortWatch version, from portwatch_build_info.',
        [21, 0, 3, 4],
        [target('A', sel('portwatch_build_info'), '{{version}}', instant=true)],
        unit='none',
        textMode='name',
        colorMode='none',
      ),

      // Row 2: the listener table.
      g.table(
        'Listeners (last scan)',
        "Every listener of the last scan with its network namespace (host, or the inode of a container's), classification, owners (process, systemd unit, container, pod; none where they do not apply) and when the exporter first saw it (kept across restarts with --state.file). Newest first.",
        [0, 4, 24, 12],
        [target(
          'A',
          text.chomp(|||
            (
              %(first)s * 1000
                * on (%(identity)s) group_left (%(info)s)
              %(listeners)s
            )
            or on (%(identity)s)
              %(listeners)s * 0
          |||) % {
            first: sel('portwatch_listener_first_seen_timestamp_seconds'),
            identity: q.identity,
            info: q.infoLabels,
            listeners: sel('portwatch_listener_info'),
          },
          instant=true,
          format='table',
        )],
        [
          g.portAsNumber,
          g.organize(
            exclude=['Time', '__name__', 'job', 'instance'],
            order=q.listenerColumns + ['Value'],
            rename={ Value: 'first seen' },
          ),
        ],
        [g.override('Value', {
          unit: 'dateTimeAsIso',
          mappings: g.valueMappings({ '0': { index: 0, text: 'unknown' } }),
        })] + q.listenerColumnOverrides,
        sortBy=[{ desc: true, displayName: 'first seen' }],
      ),

      // Row 3: listeners over time.
      g.stateTimeline(
        'Listeners over time',
        "One row per listener: present while a scan reports it. The network namespace (host, or the inode of a container's) is in parentheses.",
        [0, 16, 24, 12],
        [target('A', sel('portwatch_listener_info'), '{{protocol}}/{{port}} {{address}} {{process}} ({{netns}})')],
        g.valueMappings({ '1': { color: 'green', index: 0, text: 'listening' } }),
      ),

      // Row 4: counts.
      g.bargauge(
        'By port range',
        'RFC 6335 ranges.',
        [0, 28, 6, 7],
        [target('A', 'sum by (range) (%s)' % sel('portwatch_listeners'), '{{range}}', instant=true)],
      ),
      g.bargauge(
        'By IANA status',
        'assigned, reserved, private or unassigned.',
        [6, 28, 6, 7],
        [target('A', 'sum by (iana_status) (%s)' % sel('portwatch_listeners'), '{{iana_status}}', instant=true)],
      ),
      g.bargauge(
        'By protocol',
        'tcp and udp.',
        [12, 28, 6, 7],
        [target('A', 'sum by (protocol) (%s)' % sel('portwatch_listeners'), '{{protocol}}', instant=true)],
      ),
      g.piechart(
        'By exposure',
        'loopback, wildcard or a specific address.',
        [18, 28, 6, 7],
        [target('A', 'count by (exposure) (%s)' % sel('portwatch_listener_info'), '{{exposure}}', instant=true)],
      ),

      // Row 5: counts over time, scan duration.
      g.timeseries(
        'Listeners over time by status and range',
        'Listener counts over time, by IANA status and port range.',
        [0, 35, 12, 8],
        [
          target('A', 'sum by (iana_status) (%s)' % sel('portwatch_listeners'), '{{iana_status}}'),
          target('B', 'sum by (range) (%s)' % sel('portwatch_listeners'), 'range {{range}}'),
        ],
      ),
      g.timeseries(
        'Scan duration',
        'Duration of the last scan, in total and per stage.',
        [12, 35, 12, 8],
        [
          target('A', sel('portwatch_scan_duration_seconds'), 'total'),
          target('B', sel('portwatch_scan_stage_duration_seconds'), '{{stage}}'),
        ],
        unit='s',
      ),

      // Row 6: scan success, errors.
      g.stateTimeline(
        'Scan success and scrape',
        'Last scan OK/FAIL, and whether Prometheus could scrape the exporter.',
        [0, 43, 12, 5],
        [
          target('A', sel('portwatch_scan_success'), 'last scan'),
          target('B', sel('up'), 'exporter up'),
        ],
        g.okFailMappings,
        thr=g.redGreen,
      ),
      g.timeseries(
        'Scans and scan errors',
        'Scans attempted and failed per second, failures by stage.',
        [12, 43, 12, 5],
        [
          target('A', 'sum(rate(%s[$__rate_interval]))' % sel('portwatch_scans_total'), 'scans'),
          target('B', 'sum by (stage) (rate(%s[$__rate_interval]))' % sel('portwatch_scan_errors_total'), 'errors: {{stage}}'),
        ],
        unit='ops',
        legendCalcs=['lastNotNull'],
      ),

      // Row 7: process attribution.
      g.stat(
        'Process attribution',
        'Whether listeners are attributed to processes (scan.processes).',
        [0, 48, 4, 4],
        [target('A', sel('portwatch_process_attribution_enabled'), 'attribution', instant=true)],
        unit='bool_on_off',
        thr=g.thresholds([['orange', null], ['green', 1]]),
      ),
      g.stat(
        'Unreadable now',
        'Processes whose open files could not be read in the last scan. Run as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.',
        [0, 52, 4, 4],
        [target('A', sel('portwatch_processes_unreadable'), 'unreadable', instant=true)],
        thr=g.orangeAbove0,
      ),
      g.timeseries(
        'Unreadable processes and unknown owners',
        'Unreadable processes, and listeners whose process is unknown (no permission, kernel-owned sockets, attribution disabled).',
        [4, 48, 12, 8],
        [
          target('A', sel('portwatch_processes_unreadable'), 'unreadable processes'),
          target('B', 'count(%s) or vector(0)' % sel('portwatch_listener_info', 'process="unknown"'), 'listeners with unknown process'),
        ],
        legendCalcs=['lastNotNull'],
      ),
      g.timeseries(
        'procfs malformed lines',
        "Lines of the kernel's socket tables that could not be parsed and were skipped, per second.",
        [16, 48, 8, 8],
        [target('A', 'sum by (file) (rate(%s[$__rate_interval]))' % sel('portwatch_procfs_malformed_lines_total'), '{{file}}')],
        unit='short',
        legendCalcs=['lastNotNull'],
      ),

      // Row 8: registry.
      g.stat(
        'Registry age',
        'Age of the IANA registry snapshot (its updated date). Refresh it with --registry.file.',
        [0, 56, 4, 5],
        [target('A', 'time() - ' + sel('portwatch_registry_updated_timestamp_seconds'), 'age', instant=true)],
        unit='s',
        thr=ageThresholds,
      ),
      g.table(
        'Registry',
        'The IANA registry in use: embedded snapshot or --registry.file path, and its date.',
        [4, 56, 10, 5],
        [target('A', sel('portwatch_registry_info'), instant=true, format='table')],
        [g.organize(exclude=['Time', '__name__', 'job', 'instance', 'Value'], order=['source', 'updated'])],
        [],
      ),
      g.bargauge(
        'Registry entries by protocol',
        'Registry records that apply to each protocol.',
        [14, 56, 10, 5],
        [target('A', 'max by (protocol) (%s)' % sel('portwatch_registry_entries'), '{{protocol}}', instant=true)],
      ),

      // Row 9: the exporter process.
      g.timeseries(
        'Exporter memory',
        'Resident memory of the exporter process.',
        [0, 61, 8, 7],
        [target('A', sel('process_resident_memory_bytes'), 'resident')],
        unit='bytes',
        legendCalcs=['lastNotNull'],
      ),
      g.timeseries(
        'Exporter CPU',
        'CPU used by the exporter process (1 = one core).',
        [8, 61, 8, 7],
        [target('A', 'rate(%s[$__rate_interval])' % sel('process_cpu_seconds_total'), 'cpu')],
        unit='percentunit',
        legendCalcs=['lastNotNull'],
      ),
      g.timeseries(
        'Exporter file descriptors',
        'Open and maximum file descriptors.',
        [16, 61, 8, 7],
        [
          target('A', sel('process_open_fds'), 'open'),
          target('B', sel('process_max_fds'), 'max'),
        ],
        legendCalcs=['lastNotNull'],
      ),

      // Row 10: limits and the state file (issue 9): what a storm, a flood of sockets or a full disk does.
      g.timeseries(
        'Scrapes turned away',
        'Requests answered 503 per second because --web.max-requests were in flight. A Prometheus scrape among them is a failed scrape; limit who can connect (web config, listen address, firewall).',
        [0, 68, 8, 7],
        [target('A', 'sum(rate(%s[$__rate_interval]))' % sel('portwatch_http_requests_rejected_total'), 'rejected')],
        unit='reqps',
        legendCalcs=['lastNotNull', 'max'],
      ),
      g.timeseries(
        'Listeners and namespaces left out',
        'Listeners of the last scan without series because --scan.max-listeners bites, by class (what would page is kept first); and network namespaces not scanned because --scan.max-namespaces bites (their listeners are not seen at all).',
        [8, 68, 8, 7],
        [
          target('A', 'sum by (class) (%s)' % sel('portwatch_listeners_dropped'), '{{class}}'),
          target('B', 'sum(%s)' % sel('portwatch_network_namespaces_left_out'), 'namespaces'),
        ],
        unit='short',
        legendCalcs=['lastNotNull'],
      ),
      g.timeseries(
        'State file write errors',
        'Failed writes of --state.file per second (a full disk, a read-only file system, permissions). The file keeps its last good save.',
        [16, 68, 8, 7],
        [target('A', 'sum(rate(%s[$__rate_interval]))' % sel('portwatch_state_write_errors_total'), 'write errors')],
        unit='ops',
        legendCalcs=['lastNotNull'],
      ),

      // Row 11: sockets without a port (issue 17). Appended, so that the panels above keep their ids.
      g.table(
        'Packet and raw sockets (last scan)',
        "Packet (AF_PACKET) and raw IP sockets of the last scan: they see traffic without a port. filter is bpf when a classic BPF filter is attached (a BPFDoor-style implant's shape; unknown without CAP_NET_ADMIN), executable where the owning process's binary lives (memfd and deleted page). sockets: how many share the row's labels.",
        [0, 75, 24, 9],
        [target('A', sel('portwatch_packet_sockets'), instant=true, format='table')],
        [g.organize(
          exclude=['Time', '__name__', 'job', 'instance'],
          order=q.packetColumns + ['Value'],
          rename={ Value: 'sockets' },
        )],
        [
          g.override('Value', { unit: 'short', decimals: 0 }),
          g.override('filter', { 'custom.cellOptions': { type: 'color-text' }, mappings: g.valueMappings({ bpf: { color: 'red', index: 0 } }) }),
        ] + q.listenerColumnOverrides,
        sortBy=[{ desc: false, displayName: 'kind' }],
      ),
    ],

    [$._config.hostDashboard.file]: g.dashboard(
      c,
      c.hostDashboard,
      'What is listening on one host, and should it be? Every listener with its IANA classification and first-seen time, listener history, scan health, process attribution and the registry in use.',
      panels,
      instanceMulti=false,
    ),
  },
}
