using System.Text;
using PortWatch.Configuration;
using PortWatch.Versioning;

namespace PortWatch.Cli;

/// <summary>The text of <c>--help</c>, built from the setting table so that it cannot fall behind the flags.</summary>
internal static class HelpText
{
    public static string For(CommandKind command)
    {
        var (usage, summary, scope) = command switch
        {
            CommandKind.List => ("portwatch list [<flags>]", "Scan once and print every listener with its classification, then the packet and raw sockets.", Commands.List),
            CommandKind.Lookup => ("portwatch lookup [<flags>] PORT[/PROTO]...", "Classify ports from the IANA registry alone; without /PROTO, both tcp and udp.", Commands.Lookup),
            _ => ("portwatch [<flags>] [<command> [<args> ...]]", "PortWatch: what is listening here, and should it be? A Prometheus exporter.", Commands.Run),
        };
        var rows = new List<(string Flag, string Help)>
        {
            ("-h, --help", "Show help (also for a command: portwatch list --help)."),
            ("    --version", "Show the version and exit."),
            ("    --config.file=FILE", "YAML config file (see README: The config file); flags override it."),
        };
        if (scope != Commands.Run)
        {
            rows.Add(("    --output=table", "Output format: table or json."));
        }

        if (scope == Commands.List)
        {
            rows.Add(("    --packet-sockets", "List the packet (AF_PACKET) and raw IP sockets instead of the listeners (the table lists both without it)."));
        }

        foreach (var setting in SettingTable.All.Where(s => s.Commands.HasFlag(scope)))
        {
            var flag = setting.IsBoolean ? $"    --[no-]{setting.Flag}" : $"    --{setting.Flag}={(setting.Default.Length > 0 ? setting.Default : setting.Placeholder)}";
            var help = setting.IsBoolean ? $"{setting.Help} Default: {setting.Default}." : setting.Help;
            rows.Add((flag, setting.IsList ? $"{help} (repeatable)" : help));
        }

        var width = rows.Max(r => r.Flag.Length) + 2;
        var text = new StringBuilder();
        text.Append("usage: ").Append(usage).Append("\n\n").Append(summary).Append("\n\nFlags:\n");
        foreach (var (flag, help) in rows)
        {
            text.Append("  ").Append(flag.PadRight(width)).Append(help).Append('\n');
        }

        if (command == CommandKind.Run)
        {
            text.Append("\nCommands:\n")
                .Append("  list [<flags>]                  Scan once and print every listener and packet socket (--output table|json).\n")
                .Append("  lookup [<flags>] PORT[/PROTO]... Classify ports from the registry (--output table|json).\n")
                .Append("\nExit codes: 0 success, 1 runtime failure, 2 bad flags or config.\n");
        }

        return text.ToString();
    }

    public static string Version() =>
        $"portwatch, version {BuildInfo.Version} (revision: {BuildInfo.Revision})\n  runtime: {BuildInfo.Runtime}\n";
}
