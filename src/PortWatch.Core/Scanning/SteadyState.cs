using PortWatch.Listeners;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>
/// What lets a scan that found nothing new skip its work (<see cref="Scanner"/>): whether the kernel reported the
/// same sockets as the last scan, in the same order, and whether two listener sets give the same series.
/// </summary>
internal static class SteadyState
{
    public static bool SameSeries(IReadOnlyList<Listener> a, IReadOnlyList<Listener> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !a[i].SameSeries(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool SameSockets(IReadOnlyList<SocketRecord> current, SocketRecord[] last)
    {
        if (current.Count != last.Length)
        {
            return false;
        }

        for (var i = 0; i < last.Length; i++)
        {
            var (a, b) = (current[i], last[i]);
            if (a.Inode != b.Inode || a.Port != b.Port || a.Protocol != b.Protocol || a.Family != b.Family || a.Uid != b.Uid
                || !(ReferenceEquals(a.Address, b.Address) || a.Address.Equals(b.Address)))
            {
                return false;
            }
        }

        return true;
    }
}
