using PortWatch.Firewall;
using PortWatch.Listeners;

namespace PortWatch.Scanning;

/// <summary>
/// Gives each listener of a scan its reachability by the firewall. The ruleset is re-read only when its generation id
/// or the interfaces changed, and each listener is evaluated once a ruleset: a steady state costs one netlink request,
/// the interface list and a lookup a listener.
/// </summary>
internal static class ListenerReach
{
    public static IReadOnlyList<Listener> Apply(FirewallReader? firewall, IReadOnlyList<Listener> listeners)
    {
        if (firewall is null)
        {
            return listeners;
        }

        firewall.Refresh();
        List<Listener>? changed = null;
        for (var i = 0; i < listeners.Count; i++)
        {
            var reachable = firewall.Evaluate(listeners[i].Key).Reachable;
            if (reachable != listeners[i].Reachable)
            {
                changed ??= [.. listeners];
                changed[i] = listeners[i] with { Reachable = reachable };
            }
        }

        return changed ?? listeners;
    }
}
