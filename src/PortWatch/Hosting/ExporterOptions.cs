using PortWatch.Logging;
using PortWatch.Scanning;
using PortWatch.Security;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>What the exporter host needs to run; the command line and config file fill it.</summary>
/// <param name="WebConfig">The web configuration file (<c>--web.config.file</c>) as read at startup; null without one.</param>
internal sealed record ExporterOptions(WebOptions Web, ScanOptions Scan, StateOptions State, LogOptions Log, WebConfigSnapshot? WebConfig = null);
