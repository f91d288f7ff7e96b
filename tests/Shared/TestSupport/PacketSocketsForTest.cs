using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortWatch.TestSupport;

/// <summary>Real packet and raw sockets, opened in this process (as root), closed on dispose.</summary>
internal sealed class PacketSocketsForTest : IDisposable
{
    public const ushort EthPAll = 0x0003;
    public const ushort EthPArp = 0x0806;
    private readonly List<Socket> sockets = [];
    private readonly List<nint> programs = [];

    /// <summary>An AF_PACKET socket for <paramref name="ethertype"/>, bound to <paramref name="interfaceIndex"/> (0: any), with a one-instruction classic BPF filter when asked.</summary>
    public Socket Packet(ushort ethertype, int interfaceIndex = 0, bool filter = false, SocketType type = SocketType.Raw)
    {
        var socket = new Socket(AddressFamily.Packet, type, (ProtocolType)BinaryPrimitives.ReverseEndianness(ethertype));
        sockets.Add(socket);
        if (interfaceIndex != 0)
        {
            socket.Bind(new LinkLayerEndPoint(ethertype, interfaceIndex));
        }

        if (filter)
        {
            // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }: "ret #0xffff", accept every frame.
            var program = Marshal.AllocHGlobal(8);
            programs.Add(program);
            Marshal.WriteInt16(program, 0, 0x06);
            Marshal.WriteInt16(program, 2, 0);
            Marshal.WriteInt32(program, 4, 0xffff);
            var fprog = new byte[16]; // struct sock_fprog { u16 len; (pad) struct sock_filter *filter; }
            BinaryPrimitives.WriteUInt16LittleEndian(fprog, 1);
            BinaryPrimitives.WriteInt64LittleEndian(fprog.AsSpan(8), program);
            socket.SetRawSocketOption(1, 26, fprog); // SOL_SOCKET, SO_ATTACH_FILTER
        }

        return socket;
    }

    /// <summary>A raw IP socket of <paramref name="protocol"/>.</summary>
    public Socket Raw(AddressFamily family, ProtocolType protocol)
    {
        var socket = new Socket(family, SocketType.Raw, protocol);
        sockets.Add(socket);
        return socket;
    }

    public static ulong InodeOf(Socket socket) =>
        ulong.Parse(new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget!["socket:[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        foreach (var program in programs)
        {
            Marshal.FreeHGlobal(program);
        }
    }

    /// <summary><c>struct sockaddr_ll</c>: family, protocol (network order), interface index.</summary>
    private sealed class LinkLayerEndPoint(ushort ethertype, int interfaceIndex) : EndPoint
    {
        public override AddressFamily AddressFamily => AddressFamily.Packet;

        public override SocketAddress Serialize()
        {
            var address = new SocketAddress(AddressFamily.Packet, 20);
            address[2] = (byte)(ethertype >> 8);
            address[3] = (byte)ethertype;
            Span<byte> index = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(index, interfaceIndex);
            for (var i = 0; i < 4; i++)
            {
                address[4 + i] = index[i];
            }

            return address;
        }
    }
}
