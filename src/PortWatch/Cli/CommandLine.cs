using PortWatch.Configuration;

namespace PortWatch.Cli;

/// <summary>A parsed command line: the command, its flags (by setting, in order given) and its arguments.</summary>
/// <param name="PacketSockets"><c>list --packet-sockets</c>: the packet and raw sockets instead of the listeners.</param>
internal sealed record CommandLine(
    CommandKind Command,
    IReadOnlyList<(Setting Setting, string Value)> Flags,
    string ConfigFile,
    OutputFormat Output,
    IReadOnlyList<string> Arguments,
    CommandKind HelpFor = CommandKind.Run,
    bool PacketSockets = false);
