using PortWatch.Configuration;
using PortWatch.Hosting;
using PortWatch.Registry;
using PortWatch.Security;
using PortWatch.State;

namespace PortWatch.Cli;

/// <summary>The entry point: parses the command line, builds settings, runs the command, maps failures to exit codes.</summary>
internal static class PortWatchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var stdout = Console.Out;
        var stderr = Console.Error;
        try
        {
            var line = CommandLineParser.Parse(args);
            switch (line.Command)
            {
                case CommandKind.Help:
                    stdout.Write(HelpText.For(line.HelpFor));
                    return ExitCodes.Success;
                case CommandKind.Version:
                    stdout.Write(HelpText.Version());
                    return ExitCodes.Success;
            }

            var settings = SettingsBuilder.Build(line.ConfigFile, line.Flags);
            return line.Command switch
            {
                CommandKind.List => ListCommand.Run(settings, line.Output, stdout, stderr, line.PacketSockets),
                CommandKind.Lookup => LookupCommand.Run(settings, line.Arguments, line.Output, stdout),
                _ => await RunExporterAsync(settings).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is ConfigException or RegistryLoadException or WebConfigException or Tracing.TracerException)
        {
            stderr.WriteLine($"portwatch: error: {e.Message}");
            stderr.WriteLine("Try 'portwatch --help'.");
            return ExitCodes.BadConfiguration;
        }
        catch (StateFileException e)
        {
            stderr.WriteLine($"portwatch: error: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything else is a bug or the environment; say so in one line and exit 1, never with a crash dump.
            stderr.WriteLine($"portwatch: error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }

    private static async Task<int> RunExporterAsync(PortWatchSettings settings)
    {
        // A bad web configuration file stops the exporter before anything else is read: it will not serve unprotected.
        var web = settings.Web.ConfigFile.Length > 0 ? WebConfigLoader.Load(settings.Web.ConfigFile) : null;

        // The exporter only classifies: it keeps no description or unauthorized-use text.
        var registry = RegistryLoader.Load(settings.Registry.File, details: false);
        // A file that cannot be read is moved aside and a new baseline begins (README's "New listeners and the state file"); a missing directory
        // is a configuration mistake and stops the start (StateFileException).
        var state = settings.State.File.Length > 0
            ? StateFile.Open(settings.State.File, TimeProvider.System.GetUtcNow())
            : new StateOpening(new ListenerHistory(), null, 0);
        if (state.Reset is { MovedTo: null })
        {
            // The bad file could not be moved: it stays as it is for a person, and nothing is written over it.
            settings.State.File = "";
        }

        var options = new ExporterOptions(settings.Web, settings.Scan, settings.State, settings.Log, web);
        return await ExporterHost.RunAsync(options, registry, state).ConfigureAwait(false) ? ExitCodes.Success : ExitCodes.RuntimeFailure;
    }
}
