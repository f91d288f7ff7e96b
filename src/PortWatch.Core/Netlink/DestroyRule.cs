using PortWatch.ProcFs;

namespace PortWatch.Netlink;

/// <summary>
/// A destroyed socket is a listener that closed when it had no peer (destination port 0 and a zero
/// destination address) and a port outside the kernel's ephemeral range (a port chosen on purpose; port 0 was
/// never bound). Such a socket may have been only bound, never listening: the kernel's message is the same.
/// <see cref="DestroyFilter"/> is the same rule in BPF, run by the kernel.
/// </summary>
internal static class DestroyRule
{
    public static bool IsClosedListener(in SockDiagMessage message, EphemeralPorts ephemeral) =>
        message.HasNoPeer && message.SourcePort != 0 && !ephemeral.Contains(message.SourcePort);
}
