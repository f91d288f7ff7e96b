// PromQL and table pieces that both dashboards use. config: the mixin's _config.
local g = import '../lib/grafana.libsonnet';
local selectors = import '../lib/selectors.libsonnet';
local text = import '../lib/text.libsonnet';

function(config) {
  // A listener's identity (SPEC 3) on its target: the labels every join between portwatch_listener_info
  // and the first-seen and last-seen families is on.
  identity: 'job, instance, protocol, family, address, port, netns',
  // The other labels of portwatch_listener_info, carried into a join with group_left.
  infoLabels: 'exposure, range, iana_status, iana_service, process, executable, unit, container, pod, k8s_namespace, expected',
  // Table columns: the listener's identity, then its classification and owners.
  listenerColumns: ['protocol', 'family', 'address', 'port', 'netns', 'exposure', 'range', 'iana_status', 'iana_service', 'process', 'executable', 'unit', 'container', 'pod', 'k8s_namespace', 'expected'],
  // Table columns of portwatch_packet_sockets: its identity, then the executable and owners.
  packetColumns: ['kind', 'netns', 'protocol', 'interface', 'filter', 'process', 'executable', 'unit', 'container', 'pod', 'k8s_namespace', 'expected'],

  // Hosts with a listener or a packet socket of a process run from memory or a deleted binary (what
  // PortwatchListenerFromHiddenExecutable pages on), and with a filtered packet socket nobody expects (what
  // PortwatchFilteredPacketSocket pages on), per target.
  hiddenExecutableHosts: text.chomp(|||
    count by (job, instance) (
      %s
      or
      %s
    )
  |||) % [g.sel('portwatch_listener_info', selectors.hiddenExecutable), g.sel('portwatch_packet_sockets', selectors.hiddenExecutable)],
  filteredPacketSocketHosts: 'count by (job, instance) (%s)' % g.sel('portwatch_packet_sockets', selectors.filteredPacketSocket),

  // Start of the dashboard's time range, as a scalar: the earliest step of a subquery spanning $__range
  // (within one $__interval of now - $__range). PromQL 2.x has no duration arithmetic, and $__range_s is not
  // among the variables the queries may use.
  rangeStart: 'scalar(min_over_time(timestamp(vector(1))[$__range:$__interval]))',

  // Listeners first seen after their exporter's baseline (docs/metrics.md: "new") and within the
  // dashboard's time range; value: first seen, Unix seconds.
  newListeners: text.chomp(|||
    (
      %s
        > on (job, instance) group_left ()
      %s
    )
      > %s
  |||) % [
    g.sel('portwatch_listener_first_seen_timestamp_seconds'),
    g.sel('portwatch_baseline_timestamp_seconds'),
    self.rangeStart,
  ],

  // The listeners that PortwatchUnassignedWellKnownListener pages on: its selector to the letter
  // (PagingRuleTests checks it), filtered by the variables.
  unassignedWellKnown: g.sel('portwatch_listener_info', 'range="system", iana_status="unassigned", expected="false"'),

  // Clicking an instance opens the host dashboard with the same data source, job and time range.
  hostLink: [{
    targetBlank: false,
    title: 'Open %s for ${__data.fields.instance}' % config.hostDashboard.title,
    url: '/d/%s/%s?${datasource:queryparam}&${job:queryparam}&var-instance=${__data.fields.instance}&${__url_time_range}' % [
      config.hostDashboard.uid,
      text.slug(config.hostDashboard.title),
    ],
  }],

  // Listeners inside containers: container is neither none (a host process) nor empty.
  inContainers: 'container!="none"',
  inPods: 'pod!="none"',

  listenerColumnOverrides: [
    g.override('port', { unit: 'none', decimals: 0 }),
    g.override('iana_status', { 'custom.cellOptions': { type: 'color-background', mode: 'basic' }, mappings: g.statusColors }),
    g.override('exposure', { 'custom.cellOptions': { type: 'color-text' }, mappings: g.exposureColors }),
    g.override('expected', { 'custom.cellOptions': { type: 'color-text' }, mappings: g.expectedColors }),
    g.override('executable', { 'custom.cellOptions': { type: 'color-text' }, mappings: g.executableColors }),
  ],
}
