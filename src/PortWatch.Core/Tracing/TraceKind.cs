namespace PortWatch.Tracing;

/// <summary>What a tracer event reports; the numbers are those of <c>bpf/listen.bpf.c</c>'s <c>KIND_</c> constants.</summary>
internal enum TraceKind : byte
{
    TcpListen = 1,
    UdpBind = 2,
    Packet = 3,
    Raw = 4,
}
