// PortWatch / Fleet: what is listening across the fleet, and should it be?
local g = import '../lib/grafana.libsonnet';
local selectors = import '../lib/selectors.libsonnet';

{
  grafanaDashboards+:: {
    local c = $._config,
    local q = (import 'common.libsonnet')(c),
    local sel = g.sel,
    local target = g.target,

    local hostsByPort = 'count by (protocol, port, iana_service) (\n  count by (job, instance, protocol, port, iana_service) (%s)\n)' % sel('portwatch_listener_info'),
    local hostsByProcess = 'count by (process) (\n  count by (job, instance, process) (%s)\n)' % sel('portwatch_listener_info'),
    local byInstance(expr) = 'max by (job, instance) (%s)' % expr,

    local panels = [
      // Row 1: headline numbers.
      g.stat(
        'Exporters down',
        'Targets of the selected jobs whose scrape failed (up == 0).',
        [0, 0, 4, 4],
        [target('A', 'count(%s == 0) or vector(0)' % sel('up'), 'down', instant=true)],
        thr=g.redAbove0,
      ),
      g.stat(
        'Hosts with unassigned well-known listeners',
        "Hosts with a listener on a system port (0-1023) that IANA has not assigned, and that is not in the exporter's expected list. This is what PortwatchUnassignedWellKnownListener pages on.",
        [4, 0, 4, 4],
        [target('A', 'count(count by (job, instance) (%s)) or vector(0)' % q.unassignedWellKnown, 'hosts', instant=true)],
        thr=g.redAbove0,
      ),
      g.stat(
        'New listeners',
        "Listeners first seen after their exporter's baseline, within the dashboard's time range.",
        [8, 0, 4, 4],
        [target('A', 'count(\n%s\n) or vector(0)' % q.newListeners, 'new', instant=true)],
        thr=g.orangeAbove0,
      ),
      g.stat(
        'Listeners',
        'Listening sockets across the selected hosts (TCP LISTEN and bound, unconnected UDP).',
        [12, 0, 4, 4],
        [target('A', 'sum(%s)' % sel('portwatch_listeners'), 'listeners', instant=true)],
        colorMode='value',
      ),
      g.stat(
        'Failing scans',
        'Exporters whose last scan failed (portwatch_scan_success == 0).',
        [16, 0, 4, 4],
        [target('A', 'count(%s == 0) or vector(0)' % sel('portwatch_scan_success'), 'failing', instant=true)],
        thr=g.redAbove0,
      ),
      g.stat(
        'Stale scans',
        'Exporters whose last successful scan is older than three scan intervals.',
        [20, 0, 4, 4],
        [target(
          'A',
          'count(\n  time() - %s\n    > %d * %s\n) or vector(0)' % [
            sel('portwatch_last_scan_timestamp_seconds'),
            c.scanStaleIntervals,
            sel('portwatch_scan_interval_seconds'),
          ],
          'stale',
          instant=true,
        )],
        thr=g.redAbove0,
      ),

      // Row 2: unassigned well-known listeners.
      g.table(
        'Unassigned well-known listeners per host',
        'Unexpected listeners on unassigned system ports, per host. Click an instance to open its host dashboard.',
        [0, 4, 8, 9],
        [target('A', 'count by (job, instance) (%s)' % q.unassignedWellKnown, instant=true, format='table')],
        [g.organize(exclude=['Time'], order=['instance', 'job', 'Value'], rename={ Value: 'listeners' })],
        [
          g.override('Value', { unit: 'short', 'custom.cellOptions': { type: 'color-background', mode: 'basic' }, thresholds: g.redAbove0 }),
          g.override('instance', { links: q.hostLink }),
        ],
        sortBy=[{ desc: true, displayName: 'listeners' }],
      ),
      g.table(
        'Unassigned well-known listeners',
        "Each listener on an unassigned system port (0-1023) that is not in the expected list, with its network namespace (host, or the inode of a container's) and owners (process, systemd unit, container, pod; none where they do not apply).",
        [8, 4, 16, 9],
        [target('A', q.unassignedWellKnown, instant=true, format='table')],
        [g.organize(
          exclude=['Time', '__name__', 'Value', 'range', 'iana_status', 'iana_service', 'expected'],
          order=['instance', 'job', 'protocol', 'family', 'address', 'port', 'netns', 'exposure', 'process', 'executable', 'unit', 'container', 'pod', 'k8s_namespace'],
        )],
        q.listenerColumnOverrides + [g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: false, displayName: 'instance' }],
      ),

      // Row 3: new listeners.
      g.table(
        'New listeners in time range',
        "Listeners first seen after their exporter's baseline and within the dashboard's time range (docs/metrics.md: a listener is new when first seen after the baseline). Newest first.",
        [0, 13, 24, 9],
        [target(
          'A',
          '(\n%s\n) * 1000\n  * on (%s) group_left (%s)\n  %s' % [q.newListeners, q.identity, q.infoLabels, sel('portwatch_listener_info')],
          instant=true,
          format='table',
        )],
        [
          g.portAsNumber,
          g.organize(
            exclude=['Time', '__name__'],
            order=['Value', 'instance', 'job'] + q.listenerColumns,
            rename={ Value: 'first seen' },
          ),
        ],
        [g.override('Value', { unit: 'dateTimeAsIso' })] + q.listenerColumnOverrides + [g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: true, displayName: 'first seen' }],
      ),

      // Row 4: listeners over time.
      g.timeseries(
        'Listeners by port range',
        'RFC 6335 ranges: system 0-1023, user 1024-49151, dynamic 49152-65535.',
        [0, 40, 8, 8],
        [target('A', 'sum by (range) (%s)' % sel('portwatch_listeners'), '{{range}}')],
        stack=true,
      ),
      g.timeseries(
        'Listeners by IANA status',
        'assigned, reserved, private (set aside for private use) or unassigned.',
        [8, 40, 8, 8],
        [target('A', 'sum by (iana_status) (%s)' % sel('portwatch_listeners'), '{{iana_status}}')],
        stack=true,
      ),
      g.timeseries(
        'Listeners by exposure',
        'loopback, wildcard (all addresses) or a specific address.',
        [16, 40, 8, 8],
        [target('A', 'count by (exposure) (%s)' % sel('portwatch_listener_info'), '{{exposure}}')],
        stack=true,
      ),

      // Row 5: top and rare ports and processes.
      g.bargauge(
        'Top ports (hosts listening)',
        'The 10 ports that most hosts listen on.',
        [0, 48, 8, 9],
        [target('A', 'sort_desc(topk(10, %s))' % hostsByPort, '{{protocol}}/{{port}} {{iana_service}}', instant=true)],
      ),
      g.bargauge(
        'Top processes (hosts listening)',
        'The 10 listening processes found on most hosts (comm names; unknown when unreadable).',
        [8, 48, 8, 9],
        [target('A', 'sort_desc(topk(10, %s))' % hostsByProcess, '{{process}}', instant=true)],
      ),
      g.table(
        'Rarest ports',
        'The 10 ports that fewest hosts listen on: outliers worth a look.',
        [16, 48, 8, 9],
        [target('A', 'sort(bottomk(10, %s))' % hostsByPort, instant=true, format='table')],
        [
          g.portAsNumber,
          g.organize(exclude=['Time'], order=['protocol', 'port', 'iana_service', 'Value'], rename={ Value: 'hosts' }),
        ],
        [g.override('Value', { unit: 'short' }), g.override('port', { unit: 'none', decimals: 0 })],
        sortBy=[{ desc: false, displayName: 'hosts' }],
      ),

      // Row 6: scan health table.
      g.table(
        'Scan health',
        'One row per exporter. Click an instance to open its host dashboard.',
        [0, 57, 24, 9],
        [
          target('A', byInstance(sel('up')), instant=true, format='table'),
          target('B', byInstance(sel('portwatch_scan_success')), instant=true, format='table'),
          target('C', byInstance('time() - ' + sel('portwatch_last_scan_timestamp_seconds')), instant=true, format='table'),
          target('D', byInstance(sel('portwatch_scan_duration_seconds')), instant=true, format='table'),
          target('E', byInstance(sel('portwatch_scan_interval_seconds')), instant=true, format='table'),
          target('F', 'sum by (job, instance) (%s)' % sel('portwatch_listeners'), instant=true, format='table'),
          target('G', byInstance(sel('portwatch_process_attribution_enabled')), instant=true, format='table'),
          target('H', byInstance(sel('portwatch_processes_unreadable')), instant=true, format='table'),
        ],
        [
          { id: 'merge', options: {} },
          g.organize(
            exclude=['Time'],
            order=['instance', 'job', 'Value #A', 'Value #B', 'Value #C', 'Value #D', 'Value #E', 'Value #F', 'Value #G', 'Value #H'],
            rename={
              'Value #A': 'up',
              'Value #B': 'last scan',
              'Value #C': 'since last successful scan',
              'Value #D': 'scan duration',
              'Value #E': 'scan interval',
              'Value #F': 'listeners',
              'Value #G': 'process attribution',
              'Value #H': 'unreadable processes',
            },
          ),
        ],
        [
          g.override('instance', { links: q.hostLink }),
          g.override('Value #A', { unit: 'none', mappings: g.upDownMappings, 'custom.cellOptions': { type: 'color-background', mode: 'basic' } }),
          g.override('Value #B', { unit: 'none', mappings: g.okFailMappings, 'custom.cellOptions': { type: 'color-background', mode: 'basic' } }),
          g.override('Value #C', {
            unit: 's',
            decimals: 0,
            thresholds: g.thresholds([['green', null], ['orange', 60], ['red', 300]]),
            'custom.cellOptions': { type: 'color-text' },
          }),
          g.override('Value #D', { unit: 's' }),
          g.override('Value #E', { unit: 's' }),
          g.override('Value #F', { unit: 'short' }),
          g.override('Value #G', { unit: 'bool_on_off' }),
          g.override('Value #H', { unit: 'short', thresholds: g.orangeAbove0, 'custom.cellOptions': { type: 'color-text' } }),
        ],
        sortBy=[{ desc: false, displayName: 'instance' }],
      ),

      // Row 7: scan success and up over time.
      g.stateTimeline(
        'Scan success',
        "Whether each exporter's last scan succeeded.",
        [0, 66, 12, 8],
        [target('A', sel('portwatch_scan_success'), '{{instance}}')],
        g.okFailMappings,
        thr=g.redGreen,
      ),
      g.stateTimeline(
        'Exporter up',
        'Whether Prometheus could scrape each exporter.',
        [12, 66, 12, 8],
        [target('A', sel('up'), '{{instance}}')],
        g.upDownMappings,
        thr=g.redGreen,
      ),

      // Row 8: scan timings and errors.
      g.timeseries(
        'Scan duration',
        "Duration of each exporter's last scan.",
        [0, 74, 8, 8],
        [target('A', sel('portwatch_scan_duration_seconds'), '{{instance}}')],
        unit='s',
      ),
      g.timeseries(
        'Time since last successful scan',
        'time() - portwatch_last_scan_timestamp_seconds: grows while scans fail.',
        [8, 74, 8, 8],
        [target('A', 'time() - ' + sel('portwatch_last_scan_timestamp_seconds'), '{{instance}}')],
        unit='s',
      ),
      g.timeseries(
        'Scan errors',
        'Failed scans per second, by exporter and failing stage (only non-zero series).',
        [16, 74, 8, 8],
        [target('A', 'sum by (instance, stage) (rate(%s[$__rate_interval])) > 0' % sel('portwatch_scan_errors_total'), '{{instance}} {{stage}}')],
        unit='ops',
      ),

      // Row 9: versions, registry age, attribution.
      g.piechart(
        'Exporter versions',
        'Exporters by PortWatch version.',
        [0, 82, 8, 8],
        [target('A', 'count by (version) (%s)' % sel('portwatch_build_info'), '{{version}}', instant=true)],
      ),
      g.bargauge(
        'Registry age',
        "Age of each exporter's IANA registry snapshot (its updated date). Refresh it with --registry.file when it grows old.",
        [8, 82, 8, 8],
        [target('A', 'sort_desc(time() - %s)' % sel('portwatch_registry_updated_timestamp_seconds'), '{{instance}}', instant=true)],
        unit='s',
        thr=g.thresholds([['green', null], ['orange', 180 * 86400], ['red', 365 * 86400]]),
      ),
      g.timeseries(
        'Unreadable processes',
        'Processes whose open files the exporter could not read in its last scan: their listeners show process="unknown". Run as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.',
        [16, 82, 8, 8],
        [target('A', sel('portwatch_processes_unreadable'), '{{instance}}')],
      ),

      // Row 3b (y 22-39): containers and pods. Appended, so that the panels above keep their ids.
      g.table(
        'Listeners by container',
        "Listeners owned by a process in a container (container is not none; unknown when the owner's cgroup could not be read), per container with its pod. Click an instance to open its host dashboard.",
        [0, 22, 12, 9],
        [target(
          'A',
          'count by (job, instance, container, pod, k8s_namespace) (%s)' % sel('portwatch_listener_info', q.inContainers),
          instant=true,
          format='table',
        )],
        [g.organize(exclude=['Time'], order=['container', 'pod', 'k8s_namespace', 'instance', 'job', 'Value'], rename={ Value: 'listeners' })],
        [g.override('Value', { unit: 'short' }), g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: true, displayName: 'listeners' }],
      ),
      g.table(
        'Listeners by pod',
        "Listeners owned by a process of a Kubernetes pod (pod is not none), per pod. A hostNetwork pod's listeners are in the host's network namespace. Click an instance to open its host dashboard.",
        [12, 22, 12, 9],
        [target(
          'A',
          'count by (job, instance, k8s_namespace, pod) (%s)' % sel('portwatch_listener_info', q.inPods),
          instant=true,
          format='table',
        )],
        [g.organize(exclude=['Time'], order=['k8s_namespace', 'pod', 'instance', 'job', 'Value'], rename={ Value: 'listeners' })],
        [g.override('Value', { unit: 'short' }), g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: true, displayName: 'listeners' }],
      ),
      g.table(
        'New listeners inside containers',
        "Listeners first seen after their exporter's baseline and within the dashboard's time range, as in New listeners in time range, whose process is in a container (container is not none). Newest first.",
        [0, 31, 24, 9],
        [target(
          'A',
          '(\n%s\n) * 1000\n  * on (%s) group_left (%s)\n  %s' % [q.newListeners, q.identity, q.infoLabels, sel('portwatch_listener_info', q.inContainers)],
          instant=true,
          format='table',
        )],
        [
          g.portAsNumber,
          g.organize(
            exclude=['Time', '__name__'],
            order=['Value', 'instance', 'job', 'container', 'pod', 'k8s_namespace', 'netns', 'protocol', 'family', 'address', 'port', 'exposure', 'range', 'iana_status', 'iana_service', 'process', 'executable', 'unit', 'expected'],
            rename={ Value: 'first seen' },
          ),
        ],
        [g.override('Value', { unit: 'dateTimeAsIso' })] + q.listenerColumnOverrides + [g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: true, displayName: 'first seen' }],
      ),

      // Row 10: processes that hide and sockets without a port (issue 17). Appended, so that the panels
      // above keep their ids.
      g.stat(
        'Hosts with hidden executables',
        "Hosts with a listener or a packet or raw socket whose process runs from memory (memfd) or from a binary deleted after it started, not in the exporter's expected list. This is what PortwatchListenerFromHiddenExecutable pages on.",
        [0, 90, 6, 4],
        [target('A', 'count(
%s
) or vector(0)' % q.hiddenExecutableHosts, 'hosts', instant=true)],
        thr=g.redAbove0,
      ),
      g.stat(
        'Hosts with filtered packet sockets',
        "Hosts with a packet socket that has a classic BPF filter attached and is not in the exporter's expected list (the network daemons that do this for a living are expected by executable path). This is what PortwatchFilteredPacketSocket pages on.",
        [6, 90, 6, 4],
        [target('A', 'count(%s) or vector(0)' % q.filteredPacketSocketHosts, 'hosts', instant=true)],
        thr=g.redAbove0,
      ),
      g.table(
        'Hidden executables and filtered packet sockets per host',
        'Per host, the unexpected listeners and packet or raw sockets of processes that run from memory or a deleted binary, and the unexpected filtered packet sockets. Click an instance to open its host dashboard.',
        [12, 90, 12, 8],
        [
          target('A', 'count by (job, instance) (%s)' % sel('portwatch_listener_info', selectors.hiddenExecutable), instant=true, format='table'),
          target('B', 'sum by (job, instance) (%s)' % sel('portwatch_packet_sockets', selectors.hiddenExecutable), instant=true, format='table'),
          target('C', 'sum by (job, instance) (%s)' % sel('portwatch_packet_sockets', selectors.filteredPacketSocket), instant=true, format='table'),
        ],
        [
          { id: 'merge', options: {} },
          g.organize(
            exclude=['Time'],
            order=['instance', 'job', 'Value #A', 'Value #B', 'Value #C'],
            rename={ 'Value #A': 'hidden listeners', 'Value #B': 'hidden packet sockets', 'Value #C': 'filtered packet sockets' },
          ),
        ],
        [g.override('instance', { links: q.hostLink })],
        sortBy=[{ desc: false, displayName: 'instance' }],
      ),
    ],

    [$._config.fleetDashboard.file]: g.dashboard(
      c,
      c.fleetDashboard,
      'What is listening across the fleet, and should it be? Listeners on unassigned well-known ports, new listeners, ports and processes across hosts, scan health.',
      panels,
      instanceMulti=true,
    ),
  },
}
