using PortWatch.Scanning;

namespace PortWatch.Configuration;

/// <summary><c>--scan.tracer</c>'s values: auto, ebpf, none.</summary>
internal static class TracerSetting
{
    public const string Help =
        "Whether an eBPF tracer names each listener's process the moment it opens (so that one that lived a millisecond is named, and a new listener is scanned at once): auto (when the kernel has BTF and the exporter holds CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN, or CAP_SYS_ADMIN, or is root; otherwise without, saying why), ebpf (a tracer that cannot run stops the start) or none.";

    public static string? Parse(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(values);
        if (!TracerModeLabels.TryParse(values[^1], out var mode))
        {
            return $"\"{values[^1]}\" is not a tracer mode: expected auto, ebpf or none";
        }

        settings.Scan.Tracer = mode;
        return null;
    }
}
