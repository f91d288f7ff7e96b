using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static PortWatch.Netlink.NetlinkSyscalls;

namespace PortWatch.Netlink;

/// <summary>A netlink socket: NETLINK_SOCK_DIAG requests and replies for dumps, or a member of the destroy groups; NETLINK_NETFILTER requests.</summary>
internal sealed unsafe class NetlinkSocket : SafeHandleMinusOneIsInvalid
{
    public NetlinkSocket()
        : base(ownsHandle: true)
    {
    }

    public int Descriptor => (int)handle;

    /// <summary>Opens a netlink socket of <paramref name="protocol"/> (sock_diag unless told) in the network namespace of the calling thread.</summary>
    public static NetlinkSocket Open(int protocol = NetlinkSockDiag)
    {
        var fd = Socket(AfNetlink, SockRaw | SockCloexec, protocol);
        if (fd < 0)
        {
            throw Failure($"socket(AF_NETLINK, {ProtocolName(protocol)})");
        }

        var socket = new NetlinkSocket();
        socket.SetHandle(fd);
        return socket;
    }

    /// <summary>The protocol as the kernel's headers name it, for error messages and logs.</summary>
    private static string ProtocolName(int protocol) => protocol switch
    {
        NetlinkSockDiag => "NETLINK_SOCK_DIAG",
        12 => "NETLINK_NETFILTER",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Binds, joining the multicast <paramref name="groups"/> (a bit a group).</summary>
    public void Bind(uint groups)
    {
        var address = new SockAddrNetlink { Family = AfNetlink, Groups = groups };
        if (NetlinkSyscalls.Bind(Descriptor, &address, sizeof(SockAddrNetlink)) != 0)
        {
            throw Failure($"bind(netlink groups {groups})");
        }
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        var kernel = new SockAddrNetlink { Family = AfNetlink };
        fixed (byte* bytes = message)
        {
            if (SendTo(Descriptor, bytes, message.Length, 0, &kernel, sizeof(SockAddrNetlink)) != message.Length)
            {
                throw Failure("sendto(netlink)");
            }
        }
    }

    /// <summary>The length of the next datagram, without taking it (MSG_PEEK | MSG_TRUNC); blocks until one arrives.</summary>
    public int PeekLength()
    {
        byte scratch;
        while (true)
        {
            var length = NetlinkSyscalls.Receive(Descriptor, &scratch, 1, MsgPeek | MsgTrunc);
            if (length >= 0)
            {
                return (int)length;
            }

            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                throw Failure("recv(netlink, MSG_PEEK)");
            }
        }
    }

    /// <summary>
    /// Receives one datagram; returns its full length, which is more than the buffer when it did not fit (MSG_TRUNC),
    /// and the port id of its sender (0: the kernel; anything else is another process's socket).
    /// </summary>
    public int Receive(Span<byte> buffer, out uint sender, int flags = 0)
    {
        var from = default(SockAddrNetlink);
        var fromLength = sizeof(SockAddrNetlink);
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var length = ReceiveFrom(Descriptor, bytes, buffer.Length, MsgTrunc | flags, &from, &fromLength);
                sender = from.Pid;
                if (length >= 0)
                {
                    return (int)length;
                }

                if (Marshal.GetLastPInvokeError() != Eintr)
                {
                    throw Failure("recv(netlink)");
                }
            }
        }
    }

    /// <summary>Asks for a receive buffer of <paramref name="bytes"/> (beyond the system's limit when privileged).</summary>
    public void SetReceiveBuffer(int bytes)
    {
        if (SetSocketOption(Descriptor, SolSocket, SoRcvBufForce, &bytes, sizeof(int)) != 0)
        {
            _ = SetSocketOption(Descriptor, SolSocket, SoRcvBuf, &bytes, sizeof(int));
        }
    }

    /// <summary>Attaches a classic BPF program that the kernel runs on every datagram before queuing it (SO_ATTACH_FILTER).</summary>
    public void AttachFilter(ReadOnlySpan<BpfInstruction> program)
    {
        fixed (BpfInstruction* instructions = program)
        {
            var filter = new SocketFilterProgram { Length = (ushort)program.Length, Filter = instructions };
            if (SetSocketOption(Descriptor, SolSocket, SoAttachFilter, &filter, sizeof(SocketFilterProgram)) != 0)
            {
                throw Failure("setsockopt(SO_ATTACH_FILTER)");
            }
        }
    }

    protected override bool ReleaseHandle() => NetlinkSyscalls.Close((int)handle) == 0;

    private static Win32Exception Failure(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }
}
