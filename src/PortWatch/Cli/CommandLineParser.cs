using PortWatch.Configuration;

namespace PortWatch.Cli;

/// <summary>
/// Parses Prometheus-style flags: <c>--name=value</c> or <c>--name value</c>, booleans as <c>--name</c> or
/// <c>--no-name</c>, <c>--</c> ends the flags. The command (<c>list</c>, <c>lookup</c>) may stand anywhere.
/// Bad flags throw <see cref="ConfigException"/>, which the program turns into exit code 2.
/// </summary>
internal static class CommandLineParser
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = CommandKind.Run;
        var help = false;
        var version = false;
        var flags = new List<(Setting, string)>();
        var configFile = "";
        string? output = null;
        var packetSockets = false;
        var arguments = new List<string>();
        var flagsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (flagsEnded || !arg.StartsWith('-') || arg == "-")
            {
                if (command == CommandKind.Run && arguments.Count == 0 && !flagsEnded && TryCommand(arg, out var named))
                {
                    command = named;
                }
                else if (command == CommandKind.Run && arg == "help")
                {
                    help = true;
                }
                else
                {
                    arguments.Add(arg);
                }

                continue;
            }

            if (arg == "--")
            {
                flagsEnded = true;
                continue;
            }

            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ConfigException($"unknown short flag {arg}");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            string? inline = equals < 0 ? null : arg[(equals + 1)..];
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ConfigException($"flag --{name} needs a value");
                }

                return args[++i];
            }

            switch (name)
            {
                case "version":
                    version = true;
                    continue;
                case "config.file":
                    configFile = configFile.Length == 0 ? Value() : throw new ConfigException("flag --config.file is given twice; it takes one value");
                    continue;
                case "output":
                    output = output is null ? Value() : throw new ConfigException("flag --output is given twice; it takes one value");
                    continue;
                case "packet-sockets":
                    packetSockets = inline is null ? true : throw new ConfigException("flag --packet-sockets takes no value");
                    continue;
            }

            var negated = name.StartsWith("no-", StringComparison.Ordinal) && SettingTable.FindFlag(name[3..]) is { IsBoolean: true };
            var setting = SettingTable.FindFlag(negated ? name[3..] : name) ?? throw new ConfigException($"unknown flag --{name}");
            if (setting.IsBoolean)
            {
                flags.Add((setting, negated ? (inline is null ? "false" : throw new ConfigException($"flag --{name} takes no value")) : inline ?? "true"));
            }
            else
            {
                flags.Add((setting, Value()));
            }
        }

        if (version)
        {
            return new CommandLine(CommandKind.Version, flags, configFile, OutputFormat.Table, arguments);
        }

        if (help)
        {
            return new CommandLine(CommandKind.Help, flags, configFile, OutputFormat.Table, arguments, command);
        }

        if (packetSockets && command != CommandKind.List)
        {
            throw new ConfigException($"flag --packet-sockets applies to list only, not to {Describe(command)}");
        }

        return Validate(new CommandLine(command, flags, configFile, ParseOutput(output, command), arguments, PacketSockets: packetSockets));
    }

    private static CommandLine Validate(CommandLine line)
    {
        var scope = line.Command switch
        {
            CommandKind.List => Commands.List,
            CommandKind.Lookup => Commands.Lookup,
            _ => Commands.Run,
        };
        foreach (var (setting, _) in line.Flags)
        {
            if (!setting.Commands.HasFlag(scope))
            {
                throw new ConfigException($"flag --{setting.Flag} does not apply to {Describe(line.Command)}");
            }
        }

        foreach (var group in line.Flags.GroupBy(f => f.Setting).Where(g => !g.Key.IsList && g.Count() > 1))
        {
            throw new ConfigException($"flag --{group.Key.Flag} is given {group.Count()} times; it takes one value");
        }

        if (line.Command == CommandKind.Lookup && line.Arguments.Count == 0)
        {
            throw new ConfigException("lookup needs at least one PORT[/PROTO], such as 12/tcp or 443");
        }

        if (line.Command != CommandKind.Lookup && line.Arguments.Count > 0)
        {
            throw new ConfigException($"unexpected argument \"{line.Arguments[0]}\"");
        }

        return line;
    }

    private static OutputFormat ParseOutput(string? output, CommandKind command) => output switch
    {
        null or "table" when command != CommandKind.Run => OutputFormat.Table,
        "json" when command != CommandKind.Run => OutputFormat.Json,
        null => OutputFormat.Table,
        _ when command == CommandKind.Run => throw new ConfigException("flag --output applies to list and lookup only"),
        _ => throw new ConfigException($"--output: \"{output}\" is not an output format: expected table or json"),
    };

    private static bool TryCommand(string arg, out CommandKind command)
    {
        (var known, command) = arg switch
        {
            "list" => (true, CommandKind.List),
            "lookup" => (true, CommandKind.Lookup),
            _ => (false, CommandKind.Run),
        };
        return known;
    }

    private static string Describe(CommandKind command) => command switch
    {
        CommandKind.List => "'portwatch list'",
        CommandKind.Lookup => "'portwatch lookup'",
        _ => "the exporter",
    };
}
