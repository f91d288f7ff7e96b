using Microsoft.Extensions.DependencyInjection;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>Registers the exporter's parts: the scanner over the configured procfs, the scan loop and the endpoints.</summary>
internal static class PortWatchServiceCollectionExtensions
{
    public static IServiceCollection AddPortWatch(this IServiceCollection services, ExporterOptions settings, PortRegistry registry, ListenerHistory history)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings.Web);
        services.AddSingleton(settings.Scan);
        services.AddSingleton(settings.State);
        services.AddSingleton(registry);
        services.AddSingleton(history);
        services.AddSingleton<ScanCounters>();
        services.AddSingleton<LatestScan>();
        services.AddSingleton(provider => ScannerFactory.Create(settings.Scan, settings.State, registry, history, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ScanLoop>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanLoop>());
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<LandingPage>();
        services.AddSingleton<HealthEndpoints>();
        return services;
    }
}
