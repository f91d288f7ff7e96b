using PortWatch.Listeners;

namespace PortWatch.Scanning;

/// <summary>A listener no scan saw open, recorded from its destroy message: who owned it is known only by uid.</summary>
internal sealed record ShortLivedListener(Listener Listener, uint Uid);
