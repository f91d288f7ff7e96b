using static PortWatch.Netlink.NetlinkSyscalls;

using PortWatch.ProcFs;

namespace PortWatch.Netlink;

/// <summary>
/// The classic BPF program PortWatch attaches to its destroy-event socket, so that the kernel drops, before
/// copying anything to the exporter, every destroyed socket that cannot have been a listener: one with a peer
/// (a destination port or address: every TCP connection, accepted or refused, every connected UDP socket), one
/// never bound (source port 0), and one whose port lies in the kernel's ephemeral range (clients and "find a
/// free port" probes). What it keeps is what <see cref="DestroyRule"/> keeps; other netlink messages pass.
/// </summary>
internal static class DestroyFilter
{
    private const ushort LoadHalf = 0x28;   // BPF_LD | BPF_H | BPF_ABS
    private const ushort LoadWord = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpEqual = 0x15;  // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpAtLeast = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    private const ushort JumpAbove = 0x25;  // BPF_JMP | BPF_JGT | BPF_K
    private const ushort Return = 0x06;     // BPF_RET | BPF_K

    private const uint Message = SockDiag.HeaderLength;

    // A BPF load reads in network order (big-endian); the netlink header is in the host's, the socket's ports and
    // addresses in network order. So the message type is compared with its bytes as the host wrote them.
    private static readonly uint SockDiagType = BitConverter.IsLittleEndian
        ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(SockDiag.SockDiagByFamily)
        : SockDiag.SockDiagByFamily;

    public static BpfInstruction[] Build(EphemeralPorts ephemeral)
    {
        // A jump skips that many instructions; the last two are "keep" (16) and "drop" (17).
        BpfInstruction[] program =
        [
            /* 0 */ new() { Code = LoadHalf, K = 4 },                                                 // nlmsg_type
            /* 1 */ new() { Code = JumpEqual, K = SockDiagType, JumpTrue = 0, JumpFalse = 14 }, // other messages: keep
            /* 2 */ new() { Code = LoadHalf, K = Message + SockDiag.DestinationPortOffset },
            /* 3 */ new() { Code = JumpEqual, K = 0, JumpTrue = 0, JumpFalse = 13 },                  // a peer port: drop
            /* 4 */ new() { Code = LoadHalf, K = Message + SockDiag.SourcePortOffset },
            /* 5 */ new() { Code = JumpEqual, K = 0, JumpTrue = 11, JumpFalse = 0 },                  // never bound: drop
            /* 6 */ new() { Code = JumpAtLeast, K = (uint)ephemeral.First, JumpTrue = 0, JumpFalse = 1 }, // below the range: on
            /* 7 */ new() { Code = JumpAbove, K = (uint)ephemeral.Last, JumpTrue = 0, JumpFalse = 9 },  // inside the range: drop
            /* 8 */ new() { Code = LoadWord, K = Message + SockDiag.DestinationAddressOffset },
            /* 9 */ new() { Code = JumpEqual, K = 0, JumpTrue = 0, JumpFalse = 7 },                   // a peer address: drop
            /* 10 */ new() { Code = LoadWord, K = Message + SockDiag.DestinationAddressOffset + 4 },
            /* 11 */ new() { Code = JumpEqual, K = 0, JumpTrue = 0, JumpFalse = 5 },
            /* 12 */ new() { Code = LoadWord, K = Message + SockDiag.DestinationAddressOffset + 8 },
            /* 13 */ new() { Code = JumpEqual, K = 0, JumpTrue = 0, JumpFalse = 3 },
            /* 14 */ new() { Code = LoadWord, K = Message + SockDiag.DestinationAddressOffset + 12 },
            /* 15 */ new() { Code = JumpEqual, K = 0, JumpTrue = 0, JumpFalse = 1 },
            /* 16 */ new() { Code = Return, K = uint.MaxValue },                                      // keep the whole datagram
            /* 17 */ new() { Code = Return, K = 0 },                                                  // drop it
        ];
        return program;
    }
}
