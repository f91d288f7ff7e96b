using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using PortWatch.Registry;
using PortWatch.Scanning;

namespace PortWatch.Exposition;

/// <summary>
/// Registers the exporter's metrics, one feature at a time: each collector is one line here. Their families appear
/// in the order they are registered: first those known when the exporter is wired, then those of each part as it is
/// built (<see cref="AddCollectorsFor"/>).
/// </summary>
internal static class CollectorServiceCollectionExtensions
{
    /// <summary>The registry that holds every collector registered; <paramref name="withProcess"/> adds the process, runtime and build families.</summary>
    public static IServiceCollection AddExporterMetrics(this IServiceCollection services, bool withProcess = true) =>
        services.AddSingleton(provider => new ExporterMetrics(
            provider.GetServices<IExporterCollector>(),
            withProcess ? new ProcessExposition(TimeProvider.System) : null));

    /// <summary>A collector made when the exporter is wired, also served as itself (for those fed by the scan loop).</summary>
    public static IServiceCollection AddExporterCollector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IExporterCollector =>
        services.AddSingleton<T>().AddSingleton<IExporterCollector>(provider => provider.GetRequiredService<T>());

    /// <summary>A collector of a part built later, made when <see cref="AddCollectorsFor"/> is called with it.</summary>
    public static IServiceCollection AddCollectorFor<TSource>(this IServiceCollection services, Func<IServiceProvider, TSource, IExporterCollector?> create) =>
        services.AddSingleton(new LateCollector<TSource>(create));

    /// <summary>Adds the collectors registered for <paramref name="source"/>'s type, now that it is built.</summary>
    public static void AddCollectorsFor<TSource>(this IServiceProvider services, TSource source)
    {
        var metrics = services.GetRequiredService<ExporterMetrics>();
        foreach (var late in services.GetServices<LateCollector<TSource>>())
        {
            if (late.Create(services, source) is { } collector)
            {
                metrics.Add(collector);
            }
        }
    }

    /// <summary>The IANA registry in use (needs the <see cref="PortRegistry"/>).</summary>
    public static IServiceCollection AddRegistryMetrics(this IServiceCollection services) =>
        services.AddExporterCollector<RegistryCollector>();

    /// <summary>The listener counts, the baseline and the listener limit.</summary>
    public static IServiceCollection AddListenerMetrics(this IServiceCollection services) =>
        services.AddExporterCollector<ListenersCollector>();

    /// <summary>Scan health, and the method the scanner enumerates with.</summary>
    public static IServiceCollection AddScanMetrics(this IServiceCollection services) =>
        services.AddExporterCollector<ScanCollector>()
            .AddCollectorFor<Scanner>((_, scanner) => new ScanMethodCollector(scanner.Method));

    /// <summary>The state file's writes and resets.</summary>
    public static IServiceCollection AddStateMetrics(this IServiceCollection services) =>
        services.AddExporterCollector<StateCollector>();

    /// <summary>How packet and raw sockets were read, when they are scanned.</summary>
    public static IServiceCollection AddPacketSocketMetrics(this IServiceCollection services) =>
        services.AddCollectorFor<Scanner>((_, scanner) => scanner.Packets is { } stage ? new PacketSocketMethodCollector(stage) : null);

    /// <summary>Short-lived listeners, network namespaces, closed listeners and the first-seen record, destroy events.</summary>
    public static IServiceCollection AddSocketMetrics(this IServiceCollection services) =>
        services.AddExporterCollector<ShortLivedCollector>()
            .AddCollectorFor<Scanner>((provider, scanner) => scanner.Namespaces is { } namespaces
                ? new NamespacesCollector(namespaces, provider.GetRequiredService<ScanOptions>().Namespaces, scanner.Closed)
                : null)
            .AddCollectorFor<Scanner>((provider, scanner) => new ClosedListenersCollector(
                provider.GetRequiredService<ScanOptions>().MaxClosedListeners, () => scanner.ClosedDropped, () => scanner.Records))
            .AddCollectorFor<Scanner>((_, scanner) => new DestroyEventsCollector(scanner.Closed));

    /// <summary>The firewall evaluator, when it runs.</summary>
    public static IServiceCollection AddFirewallMetrics(this IServiceCollection services) =>
        services.AddCollectorFor<Scanner>((_, scanner) => scanner.Firewall is { } firewall ? new FirewallCollector(firewall) : null);

    /// <summary>The eBPF tracer, whether or not it runs (null only for one-off scans).</summary>
    public static IServiceCollection AddTracerMetrics(this IServiceCollection services) =>
        services.AddCollectorFor<Scanner>((_, scanner) => scanner.Openers is { } openers ? new TracerCollector(openers) : null);
}
