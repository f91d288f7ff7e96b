using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortWatch.Logging;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>Builds and runs the exporter: Kestrel on the listen addresses, the endpoints of SPEC section 5, the scan loop.</summary>
internal static partial class ExporterHost
{
    public static WebApplication Build(ExporterOptions settings, PortRegistry registry, ListenerHistory history)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Settings come from flags and --config.file only: the host's own configuration (appsettings.json, the
        // environment) is dropped, and told not to watch files for changes (a thread and its memory).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.AddPortWatchLogging(settings.Log);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = new MinDataRate(settings.Web.MinResponseBytesPerSecond, settings.Web.MinResponseGrace);
            foreach (var address in settings.Web.ListenAddresses)
            {
                if (address.IsLocalhost)
                {
                    kestrel.ListenLocalhost(address.Port);
                }
                else if (address.Address is null)
                {
                    kestrel.ListenAnyIP(address.Port);
                }
                else
                {
                    kestrel.Listen(address.Address, address.Port);
                }
            }
        });
        builder.Services.AddPortWatch(settings, registry, history);

        var app = builder.Build();
        // The two endpoints whose cost grows with the listeners share --web.max-requests; the health checks never wait on it.
        var limit = app.Services.GetRequiredService<RequestLimit>();
        app.MapMethods(settings.Web.TelemetryPath, ["GET", "HEAD"], limit.Limit(app.Services.GetRequiredService<MetricsEndpoint>().HandleAsync));
        app.MapGet("/", limit.Limit(app.Services.GetRequiredService<LandingPage>().HandleAsync));
        var health = app.Services.GetRequiredService<HealthEndpoints>();
        app.MapGet("/-/healthy", new RequestDelegate(HealthEndpoints.HealthyAsync));
        app.MapGet("/-/ready", new RequestDelegate(health.ReadyAsync));
        return app;
    }

    /// <summary>Runs until stopped (SIGINT, SIGTERM); false when it cannot listen or the scan loop died.</summary>
    public static async Task<bool> RunAsync(ExporterOptions settings, PortRegistry registry, ListenerHistory history)
    {
        await using var app = Build(settings, registry, history);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PortWatch.Hosting.Exporter");
        var updated = registry.Info.Updated.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var interval = settings.Scan.Interval.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
        var state = settings.State.File.Length == 0 ? "(in memory)" : settings.State.File;
        LogStarting(logger, Versioning.BuildInfo.Version, registry.Info.Source, updated, settings.Scan.ProcFsPath, interval, state);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            LogListenFailed(logger, e.Message);
            return false;
        }

        var addresses = string.Join(", ", settings.Web.ListenAddresses);
        LogListening(logger, addresses, settings.Web.TelemetryPath);
        var scanner = app.Services.GetRequiredService<Scanner>();
        if (scanner.MethodNote is { } note)
        {
            LogMethodChanged(logger, note);
        }

        if (scanner.NamespaceNote is { } namespaceNote)
        {
            LogNamespacesLimited(logger, namespaceNote);
        }

        if (scanner.Closed is { Unavailable: { } refused })
        {
            LogNoDestroyEvents(logger, refused);
        }
        else if (scanner.Closed is { } closed)
        {
            LogDestroyEvents(logger, closed.EphemeralRange, closed.Filtered ? "in the kernel" : "in the exporter (the kernel refused the BPF filter)");
        }
        else
        {
            LogNoDestroyEvents(logger, "--scan.method=procfs reads tables, not the kernel's events");
        }
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        if (app.Services.GetRequiredService<ScanScheduler>().ExecuteTask is { IsFaulted: true } failed)
        {
            LogScanLoopFailed(logger, failed.Exception!.GetBaseException());
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "network namespaces: {Note}")]
    private static partial void LogNamespacesLimited(ILogger logger, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "starting portwatch {Version}: registry {Registry} ({Updated}), procfs {Procfs}, scan interval {Interval}, state {State}")]
    private static partial void LogStarting(ILogger logger, string version, string registry, string updated, string procfs, string interval, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "listening on {Addresses}, metrics at {Path}")]
    private static partial void LogListening(ILogger logger, string addresses, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Note}")]
    private static partial void LogMethodChanged(ILogger logger, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "hearing socket-destroy events: listeners that open and close between scans are recorded; sockets in the ephemeral range {Ephemeral} and sockets with a peer are filtered out {Where}")]
    private static partial void LogDestroyEvents(ILogger logger, string ephemeral, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "socket-destroy events are not heard ({Reason}): a listener that opens and closes between two scans goes unseen; portwatch_destroy_events_enabled is 0")]
    private static partial void LogNoDestroyEvents(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "the scan loop stopped; exiting")]
    private static partial void LogScanLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "cannot listen: {Error}")]
    private static partial void LogListenFailed(ILogger logger, string error);
}
