using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// How many listeners the first-seen record may hold, so that its memory and the state file stay bounded whatever
/// the host's sockets do, and which to keep when it must forget some before <see cref="StateOptions.ForgetAfter"/>.
/// </summary>
/// <param name="Capacity">The most records; 0 for no limit.</param>
/// <param name="ClosedCapacity">The most records of listeners known only from socket-destroy events (what anyone may make by binding and closing sockets); 0 for no limit.</param>
/// <param name="KeepFirst">Whether a listener would page: such records are forgotten last.</param>
internal sealed record RecordLimit(int Capacity, int ClosedCapacity, Func<ListenerKey, bool> KeepFirst);
