using System.Buffers.Binary;
using System.ComponentModel;
using PortWatch.Netlink;

namespace PortWatch.Nftables;

/// <summary>
/// The nftables ruleset's generation id of the calling thread's network namespace (NFT_MSG_GETGEN over
/// NETLINK_NETFILTER): the kernel bumps it at every committed change, so an unchanged id means an unchanged ruleset
/// and the ruleset need not be listed again. One request and one reply on a socket kept open.
/// </summary>
internal sealed class RulesetGeneration : IDisposable
{
    public const int NetlinkNetfilter = 12;

    private const ushort GetGen = (10 << 8) | 16; // NFNL_SUBSYS_NFTABLES, NFT_MSG_GETGEN
    private const ushort NewGen = (10 << 8) | 15; // NFT_MSG_NEWGEN
    private const ushort NlmsgError = 2;
    private const ushort NlmFRequest = 1;
    private const ushort NftaGenId = 1;
    private const int HeaderLength = 16;
    private const int NfgenLength = 4;

    private readonly NetlinkSocket socket = NetlinkSocket.Open(NetlinkNetfilter);
    private readonly byte[] buffer = new byte[512];
    private uint sequence;

    /// <summary>The current generation id; throws <see cref="Win32Exception"/> with the kernel's errno (EPERM without CAP_NET_ADMIN).</summary>
    public uint Read()
    {
        Span<byte> request = stackalloc byte[HeaderLength + NfgenLength];
        request.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], GetGen);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NlmFRequest);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], ++sequence);
        socket.Send(request);
        while (true)
        {
            var length = socket.Receive(buffer, out var sender);
            if (sender != 0 || length < HeaderLength || length > buffer.Length)
            {
                continue;
            }

            var reply = buffer.AsSpan(0, length);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(reply[8..]) != sequence)
            {
                continue; // An answer to an earlier request that timed out or was interrupted.
            }

            if (type == NlmsgError)
            {
                var errno = -BinaryPrimitives.ReadInt32LittleEndian(reply[HeaderLength..]);
                throw new Win32Exception(errno, $"nftables generation (NFT_MSG_GETGEN): errno {errno}");
            }

            if (type == NewGen && Attribute(reply[(HeaderLength + NfgenLength)..]) is { } id)
            {
                return id;
            }

            throw new InvalidDataException($"nftables generation: a reply of type {type} without NFTA_GEN_ID");
        }
    }

    public void Dispose() => socket.Dispose();

    private static uint? Attribute(ReadOnlySpan<byte> attributes)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff;
            if (length < 4 || length > attributes.Length)
            {
                return null;
            }

            if (type == NftaGenId && length >= 8)
            {
                return BinaryPrimitives.ReadUInt32BigEndian(attributes[4..]);
            }

            attributes = attributes[Math.Min(attributes.Length, (length + 3) & ~3)..];
        }

        return null;
    }
}
