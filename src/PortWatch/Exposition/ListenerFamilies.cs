using System.Globalization;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;

namespace PortWatch.Exposition;

/// <summary>The per-listener families and the counts by protocol, range and status, from one scan.</summary>
internal static class ListenerFamilies
{
    private const string Served = " Scans run on the exporter's own interval; a scrape serves the latest scan.";

    public static IEnumerable<MetricFamily> Build(ScanResult result, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var info = new MetricFamily(
            MetricNames.ListenerInfo,
            MetricType.Gauge,
            "A listening socket (TCP in LISTEN, UDP bound and unconnected) with its IANA classification, owning processes and whether it is expected." + Served,
            "protocol", "family", "address", "port", "exposure", "range", "iana_status", "iana_service", "process", "expected");
        var firstSeen = new MetricFamily(
            MetricNames.ListenerFirstSeen,
            MetricType.Gauge,
            "Unix time this exporter first saw the listener; later than portwatch_baseline_timestamp_seconds means new." + Served,
            "protocol", "family", "address", "port");
        var lastSeen = new MetricFamily(
            MetricNames.ListenerLastSeen,
            MetricType.Gauge,
            "Unix time of the last scan that saw the listener open; closed listeners stay for --scan.retention." + Served,
            "protocol", "family", "address", "port");
        var counts = new MetricFamily(
            MetricNames.Listeners,
            MetricType.Gauge,
            "Listeners by protocol, port range and IANA status." + Served,
            "protocol", "range", "iana_status");

        var tally = new Dictionary<(TransportProtocol, PortRange, IanaStatus), int>();
        foreach (var listener in result.Listeners)
        {
            var key = listener.Key;
            var port = key.Port.ToString(CultureInfo.InvariantCulture);
            var classification = listener.Classification;
            info.Add(
                1,
                key.Protocol.ToLabel(),
                key.Family.ToLabel(),
                key.AddressText,
                port,
                listener.Exposure.ToLabel(),
                classification.Range.ToLabel(),
                classification.Status.ToLabel(),
                classification.Service,
                listener.ProcessLabel,
                listener.Expected ? "true" : "false");
            firstSeen.Add(listener.FirstSeen.ToUnixSeconds(), key.Protocol.ToLabel(), key.Family.ToLabel(), key.AddressText, port);
            lastSeen.Add(listener.LastSeen.ToUnixSeconds(), key.Protocol.ToLabel(), key.Family.ToLabel(), key.AddressText, port);
            var bucket = (key.Protocol, classification.Range, classification.Status);
            tally[bucket] = tally.GetValueOrDefault(bucket) + 1;
        }

        foreach (var protocol in options.Protocols)
        {
            foreach (var range in RegistryLabels.Ranges)
            {
                foreach (var status in RegistryLabels.Statuses)
                {
                    counts.Add(tally.GetValueOrDefault((protocol, range, status)), protocol.ToLabel(), range.ToLabel(), status.ToLabel());
                }
            }
        }

        yield return info;
        yield return firstSeen;
        if (options.Retention > TimeSpan.Zero)
        {
            yield return lastSeen;
        }

        yield return counts;
        if (result.Baseline is { } baseline)
        {
            yield return new MetricFamily(
                MetricNames.Baseline,
                MetricType.Gauge,
                "Unix time this exporter's first-seen record began: listeners already there then are the baseline, not new.")
                .Add(baseline.ToUnixSeconds());
        }
    }
}
