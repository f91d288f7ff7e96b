namespace PortWatch.ProcFs;

/// <summary>A network namespace other than the exporter's, and how to reach it.</summary>
/// <param name="Inode">Its inode: the value of the <c>netns</c> label.</param>
/// <param name="Pid">A process inside it, whose <c>/proc/&lt;pid&gt;/net</c> tables show its sockets; null for a named namespace no process has entered.</param>
/// <param name="Path">A file that names it, to enter it with setns: <c>&lt;procfs&gt;/&lt;pid&gt;/ns/net</c> or a <c>/run/netns</c> entry.</param>
internal readonly record struct NetworkNamespace(ulong Inode, int? Pid, string Path);
