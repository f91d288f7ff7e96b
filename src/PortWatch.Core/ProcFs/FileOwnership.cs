namespace PortWatch.ProcFs;

/// <summary>The owner and mode bits of one file or directory (statx).</summary>
internal readonly record struct FileOwnership(uint Uid, uint Mode);
