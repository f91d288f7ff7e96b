using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>Registers the exporter's parts: the scanner over the configured procfs, its scheduler, publisher and saver, the metrics and the endpoints.</summary>
internal static class PortWatchServiceCollectionExtensions
{
    /// <summary>
    /// The log source of the scan loop (scheduling, publishing, saving): one name in the logs, <c>source=ScanLoop</c>,
    /// whichever part speaks, so that a filter on it keeps working.
    /// </summary>
    public const string ScanLoopCategory = "PortWatch.Hosting.ScanLoop";

    public static IServiceCollection AddPortWatch(this IServiceCollection services, ExporterOptions settings, PortRegistry registry, ListenerHistory history)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings.Web);
        services.AddSingleton(settings.Scan);
        services.AddSingleton(settings.State);
        services.AddSingleton(registry);
        services.AddSingleton(history);
        services.AddSingleton(new RequestLimit(settings.Web.MaxRequests));
        services.AddPortWatchMetrics();
        services.AddSingleton<LatestScan>();
        services.AddSingleton(provider =>
        {
            var scanner = ScannerFactory.Create(settings.Scan, settings.State, registry, history, provider.GetRequiredService<TimeProvider>(), destroyEvents: true);
            provider.AddCollectorsFor(scanner);
            return scanner;
        });
        services.AddSingleton(provider => new ScanPublisher(
            provider.GetRequiredService<LatestScan>(),
            provider.GetRequiredService<ScanCollector>(),
            provider.GetRequiredService<ListenersCollector>(),
            provider.GetRequiredService<ShortLivedCollector>(),
            settings.Scan,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(ScanLoopCategory)));
        services.AddSingleton(provider => new StateSaver(
            settings.State,
            history,
            provider.GetRequiredService<StateCollector>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(ScanLoopCategory)));
        services.AddSingleton(provider => new ScanScheduler(
            provider.GetRequiredService<Scanner>(),
            provider.GetRequiredService<ScanPublisher>(),
            provider.GetRequiredService<StateSaver>(),
            settings.Scan,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(ScanLoopCategory)));
        services.AddHostedService(provider => provider.GetRequiredService<ScanScheduler>());
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<LandingPage>();
        services.AddSingleton<HealthEndpoints>();
        services.AddSingleton<RunbooksPage>();
        return services;
    }
}
