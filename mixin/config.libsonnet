// PortWatch mixin settings. Override any of them from your own jsonnet:
//
//   (import 'portwatch-mixin/mixin.libsonnet') + {
//     _config+:: {
//       portwatchSelector: 'job="node-portwatch"',
//       runbookBaseUrl: 'https://wiki.example.com/portwatch/runbooks',
//     },
//   }
//
// mixin/README.md describes each setting; mixin/build.sh renders the defaults into alerts/, dashboards/ and
// deploy/kubernetes/prometheusrule.yaml.
{
  _config+:: {
    // Selects the exporter's scrape targets where a rule reads `up` by itself: PortwatchExporterDown and
    // PortwatchExporterAbsent. The default matches any job whose name contains "portwatch". No other rule
    // depends on the job name: the listener rules join a series with `up` of its own target, on(job,
    // instance), and the dashboards select jobs with their `job` variable.
    portwatchSelector: 'job=~".*portwatch.*"',

    // Where each alert's runbook_url points: <runbookBaseUrl>#<anchor>, the anchor being the alert name in
    // lower case (the heading of its section in docs/runbooks.md). The default is the exporter itself,
    // which serves docs/runbooks.md at /runbooks; Prometheus expands the template per alert.
    runbookBaseUrl: 'http://{{ $labels.instance }}/runbooks',
    // The same for the alerts about the exporter being unreachable (PortwatchExporterDown,
    // PortwatchExporterAbsent): the exporter cannot serve its runbook while it is down, and
    // PortwatchExporterAbsent has no instance label at all. Point it at a copy of docs/runbooks.md that
    // does not depend on the exporter (a wiki, any static web server).
    exporterRunbookBaseUrl: self.runbookBaseUrl,

    // Scrape gaps: a listener rule holds the listeners of a target's last good scrapes for this long while
    // the target's scrape fails (see alerts/alerts.libsonnet). Keep it equal to exporterDownFor, so that
    // coverage passes straight from the listener alerts to PortwatchExporterDown.
    scrapeGapHold: '5m',

    // for: of each alert, and the thresholds that are not part of the alert's definition. The descriptions
    // are written from these values.
    unassignedWellKnownListenerFor: '0s',
    reservedPortListenerFor: '1m',
    unassignedUserPortWildcardListenerFor: '10m',
    newListenerFor: '1m',
    // A listener stays new (PortwatchNewListener active) this long after it was first seen.
    newListenerWindowSeconds: 24 * 3600,
    // Packet and raw sockets, and executables that hide (issue 17).
    filteredPacketSocketFor: '0s',
    newPacketSocketFor: '1m',
    hiddenExecutableFor: '0s',
    writableExecutableFor: '10m',
    binaryReplacedFor: '10m',
    // The firewall (issue 19): a new listener reachable from outside, and a ruleset the exporter cannot read.
    reachableUnexpectedListenerFor: '1m',
    firewallUnreadableFor: '10m',
    exporterDownFor: '5m',
    exporterAbsentFor: '10m',
    scanFailingFor: '5m',
    // A scan is stale after this many scan intervals without success, and never sooner than the floor.
    scanStaleIntervals: 3,
    scanStaleFloorSeconds: 60,
    scanStaleFor: '2m',
    processAttributionDegradedFor: '1h',
    // PortwatchStateReset stays active this long after a start that could not read its state file.
    stateResetWindowSeconds: 24 * 3600,
    // PortwatchStateWriteFailing: writes failed in every window of this length, for stateWriteFailingFor.
    stateWriteFailingWindow: '5m',
    stateWriteFailingFor: '10m',
    // PortwatchWebConfigReloadFailed: a changed --web.config.file that could not be loaded, for this long.
    webConfigReloadFailedFor: '5m',
    listenersDroppedFor: '1m',
    // PortwatchNamespacesLeftOut: more network namespaces than --scan.max-namespaces, for this long.
    namespacesLeftOutFor: '5m',
    // The IANA registry snapshot is outdated when older than this.
    registryMaxAgeDays: 365,
    registryOutdatedFor: '1h',

    // Grafana.
    dashboardTags: ['portwatch', 'prometheus', 'security'],
    // The dashboards' "PortWatch" link menu lists every dashboard with this tag.
    dashboardLinkTag: 'portwatch',
    dashboardRefresh: '1m',
    dashboardTimeFrom: 'now-6h',
    fleetDashboard: {
      file: 'portwatch-fleet.json',
      uid: 'portwatch-fleet',
      title: 'PortWatch / Fleet',
    },
    hostDashboard: {
      file: 'portwatch-host.json',
      uid: 'portwatch-host',
      title: 'PortWatch / Host',
    },
  },
}
