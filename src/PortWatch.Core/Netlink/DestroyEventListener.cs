using System.Net.Sockets;

using PortWatch.ProcFs;

namespace PortWatch.Netlink;

/// <summary>
/// Hears the kernel's socket-destroy broadcasts (the sock_diag groups <c>ss -E</c> listens to) in the network
/// namespace it was created in, and hands on every destroyed socket that was a listener (<see cref="DestroyRule"/>).
/// A BPF filter in the kernel drops the rest before it is copied out (<see cref="DestroyFilter"/>), so a busy host's
/// closing connections cost the exporter nothing; the rule is applied again here, so that a filter the kernel
/// refused changes only the cost, never the result. Receives through .NET's socket layer (epoll): no thread waits
/// and nothing runs while nothing closes. Only the kernel's broadcasts are read: a datagram another process sent to
/// the socket's port id (any local process may unicast to it) is skipped and counted (<see cref="Foreign"/>).
/// </summary>
internal sealed class DestroyEventListener : IDisposable
{
    private const int ReceiveBuffer = 4 << 20;
    private readonly NetlinkSocket netlink;
    private readonly Socket socket;
    private readonly Action<SockDiagMessage> onClosedListener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private EphemeralPorts ephemeral;
    private long received;
    private long kept;
    private long overruns;
    private long foreign;

    private DestroyEventListener(NetlinkSocket netlink, EphemeralPorts ephemeral, Action<SockDiagMessage> onClosedListener)
    {
        this.netlink = netlink;
        this.ephemeral = ephemeral;
        this.onClosedListener = onClosedListener;
        socket = new Socket(new SafeSocketHandle(netlink.DangerousGetHandle(), ownsHandle: false));
        loop = Task.Run(ReceiveAsync);
    }

    /// <summary>Whether the kernel runs the filter (false when it refused it: every message is then read and judged here).</summary>
    public bool Filtered { get; private set; }

    /// <summary>Destroy messages read (after the kernel's filter).</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Messages that were listeners, handed on.</summary>
    public long Kept => Interlocked.Read(ref kept);

    /// <summary>Times the kernel dropped messages because the receive buffer was full (ENOBUFS).</summary>
    public long Overruns => Interlocked.Read(ref overruns);

    /// <summary>Datagrams skipped because they did not come from the kernel (sender port id not 0): another process's, forged.</summary>
    public long Foreign => Interlocked.Read(ref foreign);

    /// <summary>Joins the destroy groups in the calling thread's network namespace; throws when the kernel refuses.</summary>
    public static DestroyEventListener Start(EphemeralPorts ephemeral, Action<SockDiagMessage> onClosedListener)
    {
        ArgumentNullException.ThrowIfNull(onClosedListener);
        var netlink = NetlinkSocket.Open();
        try
        {
            netlink.SetReceiveBuffer(ReceiveBuffer);
            var listener = new DestroyEventListener(netlink, ephemeral, onClosedListener);
            listener.Filter(ephemeral);
            netlink.Bind(SockDiag.DestroyGroups);
            return listener;
        }
        catch
        {
            netlink.Dispose();
            throw;
        }
    }

    /// <summary>Follows a change of the ephemeral range: the filter is replaced, the rule reads the new range.</summary>
    public void UpdateEphemeralRange(EphemeralPorts range)
    {
        if (range != ephemeral)
        {
            ephemeral = range;
            Filter(range);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }

        netlink.Dispose();
        stop.Dispose();
    }

    private void Filter(EphemeralPorts range)
    {
        try
        {
            netlink.AttachFilter(DestroyFilter.Build(range));
            Filtered = true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Filtered = false;
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var messages = new List<SockDiagMessage>();
        var probe = new byte[1];
        while (!stop.IsCancellationRequested)
        {
            int length;
            uint sender;
            try
            {
                // .NET waits (epoll) and peeks; the datagram is then taken with recvfrom, which names its sender.
                _ = await socket.ReceiveAsync(probe, SocketFlags.Peek, stop.Token).ConfigureAwait(false);
                length = Math.Min(netlink.Receive(buffer, out sender, NetlinkSyscalls.MsgDontWait), buffer.Length);
            }
            catch (Exception e) when (e is SocketException { SocketErrorCode: SocketError.NoBufferSpaceAvailable }
                or System.ComponentModel.Win32Exception { NativeErrorCode: NetlinkSyscalls.Enobufs })
            {
                Interlocked.Increment(ref overruns);
                continue;
            }
            catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == NetlinkSyscalls.Eagain)
            {
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or System.ComponentModel.Win32Exception)
            {
                return;
            }

            if (sender != 0)
            {
                Interlocked.Increment(ref foreign);
                continue;
            }

            messages.Clear();
            SockDiagParser.Parse(buffer.AsSpan(0, length), messages);
            foreach (var message in messages)
            {
                Interlocked.Increment(ref received);
                if (DestroyRule.IsClosedListener(message, ephemeral))
                {
                    Interlocked.Increment(ref kept);
                    onClosedListener(message);
                }
            }
        }
    }
}
