using PortWatch.Listeners;
using PortWatch.ProcFs;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>What a scan looks at and how often it runs. The initial values are the defaults (the flags' help reads them).</summary>
internal sealed class ScanOptions
{
    /// <summary>How often to scan: every second, which measured costs well under 1% of a core (docs/benchmarks.md).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlySet<TransportProtocol> Protocols { get; set; } = new HashSet<TransportProtocol> { TransportProtocol.Tcp, TransportProtocol.Udp };

    /// <summary>Whether listeners are attributed to processes (walks /proc/&lt;pid&gt;/fd).</summary>
    public bool AttributeProcesses { get; set; } = true;

    /// <summary>
    /// How long a closed listener stays in the output, with its last-seen time, so that one that lived for a
    /// millisecond still reaches a scrape: five minutes, so that Prometheus's default one-minute scrape sees it
    /// several times. 0 drops it at once.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How sockets are enumerated: sock_diag (netlink), or the /proc/net tables.</summary>
    public ScanMethod Method { get; set; } = ScanMethod.Netlink;

    /// <summary>Which network namespaces to read: all of them (containers' too) when the exporter may, or only its own.</summary>
    public NamespaceMode Namespaces { get; set; } = NamespaceMode.All;

    /// <summary>The root of the proc filesystem (<c>--path.procfs</c>).</summary>
    public string ProcFsPath { get; set; } = ProcFsRoot.DefaultPath;

    public IReadOnlyList<ExpectedListener> Expected { get; set; } = [];

    /// <summary>Whether the built-in list of network daemons that hold packet sockets (PacketSockets.BuiltInExpected) is expected too.</summary>
    public bool BuiltInExpected { get; set; } = true;

    /// <summary>Whether the eBPF tracer names each listener's opener the moment it opens (<c>--scan.tracer</c>).</summary>
    public TracerMode Tracer { get; set; } = TracerMode.Auto;

    /// <summary>
    /// At most this many listeners get series (<c>portwatch_listener_info</c>, first-seen, last-seen) and rows on the
    /// landing page; 0 for no limit. A number a real host never meets (it would be 30,000 series): the limit is
    /// there so that a flood of sockets cannot flood Prometheus. <see cref="ListenerLimit"/> chooses what is kept.
    /// </summary>
    public int MaxListeners { get; set; } = 10_000;

    /// <summary>
    /// At most this many closed listeners are kept for <see cref="Retention"/> (series and landing-page rows) and
    /// recorded from socket-destroy events; 0 for no limit. Anyone on the host may bind and close sockets at will, each
    /// a listener that closed: a thousand is more than a real host closes in a retention period, and the same
    /// <see cref="ListenerLimit"/> classes choose what is kept (what pages first, then the oldest).
    /// </summary>
    public int MaxClosedListeners { get; set; } = 1_000;

    /// <summary>
    /// At most this many network namespaces are read each scan, the exporter's own included; 0 for no limit. Anyone
    /// may make namespaces (<c>unshare -rn</c>) and each costs the exporter two netlink sockets, about 0.14 MiB and
    /// a dump per scan (docs/benchmarks.md): 256 is more than a node's pods (Kubernetes allows 110 a node by default,
    /// 250 where raised), and keeps the descriptors under the 1,024 a process gets by default. What is read first is
    /// chosen by <see cref="NamespaceSelection"/>.
    /// </summary>
    public int MaxNamespaces { get; set; } = 256;

    /// <summary>
    /// The most listeners the first-seen record holds: <see cref="MaxListeners"/> and <see cref="MaxClosedListeners"/>
    /// together (0, no limit, when either is 0). Beyond it, listeners not seen open now are forgotten early.
    /// </summary>
    public int MaxRecords => MaxListeners == 0 || MaxClosedListeners == 0 ? 0 : MaxListeners + MaxClosedListeners;
}
