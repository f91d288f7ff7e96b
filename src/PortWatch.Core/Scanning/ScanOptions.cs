using PortWatch.Listeners;
using PortWatch.ProcFs;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>What a scan looks at and how often it runs.</summary>
internal sealed class ScanOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlySet<TransportProtocol> Protocols { get; set; } = new HashSet<TransportProtocol> { TransportProtocol.Tcp, TransportProtocol.Udp };

    /// <summary>Whether listeners are attributed to processes (walks /proc/&lt;pid&gt;/fd).</summary>
    public bool AttributeProcesses { get; set; } = true;

    /// <summary>How long a closed listener stays in the output, so that one that lived between two scrapes is still seen. 0 drops it at once.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.Zero;

    /// <summary>The root of the proc filesystem (<c>--path.procfs</c>).</summary>
    public string ProcFsPath { get; set; } = ProcFsRoot.DefaultPath;

    public IReadOnlyList<ExpectedListener> Expected { get; set; } = [];
}
