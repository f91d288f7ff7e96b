using System.Globalization;
using System.Text.Json;
using PortWatch.Configuration;
using PortWatch.Registry;

namespace PortWatch.Cli;

/// <summary><c>portwatch lookup PORT[/PROTO]...</c>: classification from the registry alone; no /PROTO means tcp and udp.</summary>
internal static class LookupCommand
{
    public static int Run(PortWatchSettings settings, IReadOnlyList<string> arguments, OutputFormat output, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        var registry = RegistryLoader.Load(settings.Registry.File);
        var classifications = arguments.SelectMany(a => Parse(a, registry)).Select(q => registry.Classify(q.Protocol, q.Port)).ToList();
        if (output == OutputFormat.Json)
        {
            var json = classifications.Select(c => new LookupJson(
                c.Protocol, c.Port, c.Range.ToLabel(), c.Status.ToLabel(), c.Service, c.Description, c.UnauthorizedUse)).ToList();
            stdout.Write(JsonSerializer.Serialize(json, CliJsonContext.Output.ListLookupJson) + "\n");
        }
        else
        {
            var rows = classifications.Select(c => (IReadOnlyList<string>)
            [
                c.Port.ToString(CultureInfo.InvariantCulture), c.Protocol, c.Range.ToLabel(), c.Status.ToLabel(), c.Service, c.Description,
            ]);
            stdout.Write(TextTable.Render(["PORT", "PROTO", "RANGE", "STATUS", "SERVICE", "DESCRIPTION"], rows));
            stdout.Write(Notes.UnauthorizedUse(classifications));
        }

        return ExitCodes.Success;
    }

    private static IEnumerable<(string Protocol, int Port)> Parse(string argument, PortRegistry registry)
    {
        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        var portText = slash < 0 ? argument : argument[..slash];
        var protocol = slash < 0 ? null : argument[(slash + 1)..].ToLowerInvariant();
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ConfigException($"\"{argument}\" is not PORT[/PROTO]: the port must be 0-65535");
        }

        if (protocol is not null && !registry.KnowsProtocol(protocol))
        {
            throw new ConfigException($"\"{argument}\" is not PORT[/PROTO]: unknown protocol \"{protocol}\" (tcp, udp, sctp, dccp)");
        }

        return protocol is null ? [("tcp", port), ("udp", port)] : [(protocol, port)];
    }
}
