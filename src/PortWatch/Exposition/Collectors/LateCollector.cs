namespace PortWatch.Exposition;

/// <summary>
/// A collector of a part that exists only once it is built (the scanner, the web configuration): made from that part
/// when it is, or none when the part lacks what the collector reports (no firewall, no tracer).
/// </summary>
/// <typeparam name="TSource">The part.</typeparam>
internal sealed class LateCollector<TSource>(Func<IServiceProvider, TSource, IExporterCollector?> create)
{
    public IExporterCollector? Create(IServiceProvider services, TSource source) => create(services, source);
}
