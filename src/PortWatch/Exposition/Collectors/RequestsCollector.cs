using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The request limit of the metrics path and the landing page (web.max-requests): the limit, the requests being
/// served and those turned away, read at each scrape.
/// </summary>
/// <param name="max">The limit; 0 for none.</param>
/// <param name="inFlight">Requests being served now.</param>
/// <param name="rejected">Requests turned away since the start.</param>
internal sealed class RequestsCollector(int max, Func<int> inFlight, Func<long> rejected) : IExporterCollector
{
    private Gauge current = null!;
    private Counter turnedAway = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(MetricNames.HttpMaxRequests, "The most requests to the metrics path and the landing page served at once (web.max-requests); 0 for no limit.")
            .Set(max);
        current = factory.CreateGauge(MetricNames.HttpRequestsInFlight, "Requests to the metrics path and the landing page being served, this scrape included.");
        turnedAway = factory.CreateCounter(MetricNames.HttpRequestsRejected, "Requests to the metrics path and the landing page answered 503 because web.max-requests were being served.");
    }

    public void Update()
    {
        current.Set(inFlight());
        turnedAway.IncTo(rejected());
    }
}
