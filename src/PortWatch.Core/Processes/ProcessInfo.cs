namespace PortWatch.Processes;

/// <summary>A process that holds a listening socket: its id and its command name (comm), made safe to print.</summary>
internal sealed record ProcessInfo(int Pid, string Name);
