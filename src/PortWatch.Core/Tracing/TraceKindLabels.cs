namespace PortWatch.Tracing;

/// <summary>The names of tracer events' kinds, in <c>portwatch_tracer_events_total{kind}</c>.</summary>
internal static class TraceKindLabels
{
    public static string ToLabel(this TraceKind kind) => kind switch
    {
        TraceKind.TcpListen => "tcp_listen",
        TraceKind.UdpBind => "udp_bind",
        TraceKind.Packet => "packet",
        _ => "raw",
    };
}
