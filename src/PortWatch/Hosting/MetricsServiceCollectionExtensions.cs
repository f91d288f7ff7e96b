using Microsoft.Extensions.DependencyInjection;
using PortWatch.Exposition;
using PortWatch.Security;

namespace PortWatch.Hosting;

/// <summary>
/// Registers every collector of the exporter, in the order of their families on <c>/metrics</c> (docs/metrics.md):
/// adding a subsystem's metrics is one collector and one line here.
/// </summary>
internal static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddPortWatchMetrics(this IServiceCollection services) =>
        services.AddExporterMetrics()
            .AddRegistryMetrics()
            .AddListenerMetrics()
            .AddScanMetrics()
            .AddStateMetrics()
            .AddPacketSocketMetrics()
            .AddSocketMetrics()
            .AddRequestMetrics()
            .AddFirewallMetrics()
            .AddTracerMetrics()
            .AddWebConfigMetrics();

    /// <summary>The request limit of the metrics path and the landing page (needs the <see cref="RequestLimit"/>).</summary>
    public static IServiceCollection AddRequestMetrics(this IServiceCollection services) =>
        services.AddSingleton<IExporterCollector>(provider =>
        {
            var requests = provider.GetRequiredService<RequestLimit>();
            return new RequestsCollector(requests.Max, () => requests.InFlight, () => requests.Rejected);
        });

    /// <summary>The reloads of <c>--web.config.file</c>, when there is one.</summary>
    public static IServiceCollection AddWebConfigMetrics(this IServiceCollection services) =>
        services.AddCollectorFor<WebConfigSource>((_, source) => new WebConfigCollector(() => source.LastReloadSuccessful, () => source.LastSuccess, () => source.AuthThrottled));
}
