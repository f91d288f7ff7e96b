using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.Logging;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Security;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>Builds and runs the exporter: Kestrel on the listen addresses, the endpoints (README's "What it serves"), the scan loop.</summary>
internal static partial class ExporterHost
{
    /// <summary>The one path <c>--web.config.file</c> leaves open, for liveness probes.</summary>
    public const string HealthyPath = "/-/healthy";

    /// <summary>The log source of the web configuration: its reloads, refused credentials and certificates.</summary>
    public const string WebConfigCategory = "PortWatch.Security.WebConfig";

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
        var web = settings.WebConfig;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = new MinDataRate(settings.Web.MinResponseBytesPerSecond, settings.Web.MinResponseGrace);
            var listen = Listen(web, kestrel.ApplicationServices);
            foreach (var address in settings.Web.ListenAddresses)
            {
                if (address.IsLocalhost)
                {
                    kestrel.ListenLocalhost(address.Port, listen);
                }
                else if (address.Address is null)
                {
                    kestrel.ListenAnyIP(address.Port, listen);
                }
                else
                {
                    kestrel.Listen(address.Address, address.Port, listen);
                }
            }
        });
        builder.Services.AddPortWatch(settings, registry, history);
        if (web is not null)
        {
            builder.Services.AddSingleton(provider =>
            {
                var source = new WebConfigSource(web, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger(WebConfigCategory));
                provider.AddCollectorsFor(source);
                return source;
            });
        }

        var app = builder.Build();
        if (web is not null)
        {
            // In front of routing: every endpoint, present or future, and every path that matches none, is behind it.
            var middleware = new WebConfigMiddleware(
                app.Services.GetRequiredService<WebConfigSource>(), HealthyPath, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(WebConfigCategory));
            app.Use(next => context => middleware.InvokeAsync(context, next));
        }

        app.UseRouting();
        // The two endpoints whose cost grows with the listeners share --web.max-requests; the health checks never wait on it.
        var limit = app.Services.GetRequiredService<RequestLimit>();
        app.MapMethods(settings.Web.TelemetryPath, ["GET", "HEAD"], limit.Limit(app.Services.GetRequiredService<MetricsEndpoint>().HandleAsync));
        app.MapGet("/", limit.Limit(app.Services.GetRequiredService<LandingPage>().HandleAsync));
        var health = app.Services.GetRequiredService<HealthEndpoints>();
        app.MapGet(HealthyPath, new RequestDelegate(HealthEndpoints.HealthyAsync));
        app.MapGet("/-/ready", new RequestDelegate(health.ReadyAsync));
        app.MapMethods(RunbooksPage.Path, ["GET", "HEAD"], new RequestDelegate(app.Services.GetRequiredService<RunbooksPage>().HandleAsync));
        return app;
    }

    /// <summary>
    /// How each address listens: plain HTTP, or TLS when the web configuration asks, each handshake taking its
    /// options from the configuration in force then (so new certificates apply from the next connection).
    /// </summary>
    private static Action<ListenOptions> Listen(WebConfigSnapshot? web, IServiceProvider services)
    {
        if (web?.Tls is null)
        {
            return _ => { };
        }

        WebConfigSource? source = null;
        var tls = new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult((source ??= services.GetRequiredService<WebConfigSource>()).ServerOptions()),
        };
        var protocols = web.Config.Http.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        return listen =>
        {
            listen.Protocols = protocols;
            listen.UseHttps(tls);
        };
    }

    /// <summary>Runs until stopped (SIGINT, SIGTERM); false when it cannot listen or the scan loop died.</summary>
    /// <param name="state">The record to start with, and whether the state file had to be moved aside for it.</param>
    public static async Task<bool> RunAsync(ExporterOptions settings, PortRegistry registry, StateOpening state)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var app = Build(settings, registry, state.History);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PortWatch.Hosting.Exporter");
        var updated = registry.Info.Updated.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var interval = settings.Scan.Interval.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
        var stateFile = settings.State.File.Length == 0 ? "(in memory)" : settings.State.File;
        LogStarting(logger, Versioning.BuildInfo.Version, registry.Info.Source, updated, settings.Scan.ProcFsPath, interval, stateFile);
        if (state.LeftoversRemoved > 0)
        {
            LogLeftoversRemoved(logger, state.LeftoversRemoved);
        }

        if (state.Reset is { } reset)
        {
            app.Services.GetRequiredService<StateCollector>().RecordStateReset(reset.Problem.ToLabel(), reset.MovedTo ?? "none", reset.At);
            if (reset.MovedTo is { } movedTo)
            {
                LogStateReset(logger, reset.Error, reset.Problem.ToLabel(), movedTo);
            }
            else
            {
                LogStateResetNotMoved(logger, reset.Error, reset.Problem.ToLabel(), reset.MoveError ?? "");
            }
        }
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
        if (settings.WebConfig is { } web)
        {
            var description = Describe(web);
            LogWebConfig(logger, web.Config.Path, description);
        }

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

        TracerLog.Report(logger, scanner.Openers);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        if (app.Services.GetRequiredService<ScanScheduler>().ExecuteTask is { IsFaulted: true } failed)
        {
            LogScanLoopFailed(logger, failed.Exception!.GetBaseException());
            return false;
        }

        return true;
    }

    private static string Describe(WebConfigSnapshot web)
    {
        var tls = web.Tls is null
            ? "TLS off"
            : $"TLS {TlsNames.Name(web.Config.Tls.MinVersion)} to {TlsNames.Name(web.Config.Tls.MaxVersion)} with certificate {web.Tls.Certificate.Subject} (expires {web.Tls.Certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}), client certificates {web.Config.Tls.ClientAuth}";
        var auth = web.Auth.Enabled
            ? $"basic auth for {web.Config.Users.Count} user{(web.Config.Users.Count == 1 ? "" : "s")}{(web.Tls is null ? " (over plain HTTP: passwords cross the network readable)" : "")}"
            : "no basic auth";
        return $"{tls}; {auth}; every path but {HealthyPath} behind it";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "web configuration {Path}: {Description}")]
    private static partial void LogWebConfig(ILogger logger, string path, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "removed {Count} temporary files of state saves that were interrupted (a kill or a crash mid-save)")]
    private static partial void LogLeftoversRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}: reason={Reason}; moved it to {MovedTo} (kept for a person) and started a new first-seen baseline: listeners that opened while the exporter was down are now in the baseline and are not reported as new; portwatch_state_reset_timestamp_seconds says when")]
    private static partial void LogStateReset(ILogger logger, string error, string reason, string movedTo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}: reason={Reason}; it could not be moved aside ({MoveError}), so it is left as it is and this run keeps a new first-seen baseline in memory only: listeners that opened while the exporter was down are now in the baseline and are not reported as new; portwatch_state_reset_timestamp_seconds says when")]
    private static partial void LogStateResetNotMoved(ILogger logger, string error, string reason, string moveError);

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
