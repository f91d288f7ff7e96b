using System.Buffers.Binary;

namespace PortWatch.Netlink;

/// <summary>
/// Walks the netlink messages of one datagram of a diag reply or broadcast: a pure function over bytes, shared by
/// every diag family (<see cref="SockDiagParser"/>, <see cref="PacketDiagParser"/>). Each message of the family's
/// type is handed to the family's reader and appended when it reads; <c>NLMSG_DONE</c> ends a dump (with the error
/// the kernel puts in it, such as ENOENT when a diag module is not loaded); <c>NLMSG_ERROR</c> ends it with an
/// error. A message whose length does not fit the datagram ends the datagram and is counted; nothing a datagram
/// holds can make the walk read outside it. Given the request's sequence number, a message with another is skipped
/// and counted (<see cref="DatagramOutcome.Foreign"/>): it does not answer this request, and a DONE or ERROR of it
/// never ends this dump.
/// </summary>
internal static class NetlinkDatagram
{
    /// <summary>Reads one message's payload; false when it is malformed (it is counted).</summary>
    public delegate bool MessageReader<T>(ReadOnlySpan<byte> payload, out T message);

    public static DatagramOutcome Parse<T>(ReadOnlySpan<byte> datagram, List<T> messages, uint? sequence, MessageReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(read);
        var malformed = 0;
        var foreign = 0;
        while (datagram.Length >= SockDiag.HeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            if (length < SockDiag.HeaderLength || length > datagram.Length)
            {
                return new DatagramOutcome(DatagramEnd.More, 0, malformed + 1, foreign);
            }

            var payload = datagram[SockDiag.HeaderLength..(int)length];
            var aligned = (int)Math.Min((length + 3) & ~3u, (uint)datagram.Length);
            if (sequence is { } expected && BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]) != expected)
            {
                foreign++;
                datagram = datagram[aligned..];
                continue;
            }

            var error = payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
            switch (type)
            {
                case SockDiag.NlmsgDone:
                    return new DatagramOutcome(DatagramEnd.Done, error, malformed, foreign);
                case SockDiag.NlmsgError:
                    return new DatagramOutcome(DatagramEnd.Error, error, malformed, foreign);
                case SockDiag.SockDiagByFamily:
                    if (read(payload, out var message))
                    {
                        messages.Add(message);
                    }
                    else
                    {
                        malformed++;
                    }

                    break;
            }

            datagram = datagram[aligned..];
        }

        return new DatagramOutcome(DatagramEnd.More, 0, malformed + (datagram.IsEmpty ? 0 : 1), foreign);
    }
}
