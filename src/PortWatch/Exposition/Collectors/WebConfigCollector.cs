using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The state of <c>--web.config.file</c>'s reloads, read at each scrape: whether the last attempt to re-read it
/// succeeded, when the configuration in force was read, and the requests the bcrypt queue turned away.
/// </summary>
internal sealed class WebConfigCollector(Func<bool> lastReloadSuccessful, Func<DateTimeOffset> lastSuccess, Func<long> authThrottled) : IExporterCollector
{
    private Gauge successful = null!;
    private Gauge timestamp = null!;
    private Counter throttled = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        successful = factory.CreateGauge(
            MetricNames.WebConfigReloadSuccessful,
            "1 if the last attempt to re-read --web.config.file (after it or a certificate it names changed) succeeded, else 0: the configuration read before stays in force.");
        timestamp = factory.CreateGauge(
            MetricNames.WebConfigReloadSuccess,
            "Unix time the web configuration in force was read: at startup, or at the last reload that succeeded.");
        throttled = factory.CreateCounter(
            MetricNames.BasicAuthThrottled,
            "Requests answered 429 at once, their credentials not checked, because bcrypt checks filled its queue (one running, a few waiting): a flood of wrong passwords.");
    }

    public void Update()
    {
        throttled.IncTo(authThrottled());
        successful.Set(lastReloadSuccessful() ? 1 : 0);
        timestamp.Set(lastSuccess().ToUnixSeconds());
    }
}
