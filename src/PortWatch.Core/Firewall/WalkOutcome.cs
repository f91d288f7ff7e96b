namespace PortWatch.Firewall;

/// <summary>Where one path of a probe ended: accepted into the host's input path with its final destination, or not.</summary>
internal readonly record struct WalkOutcome(Probe Probe, bool Delivered);
