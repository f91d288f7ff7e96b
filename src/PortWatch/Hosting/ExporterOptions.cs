using PortWatch.Logging;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>What the exporter host needs to run; the command line and config file fill it.</summary>
internal sealed record ExporterOptions(WebOptions Web, ScanOptions Scan, StateOptions State, LogOptions Log);
