using System.Net.Http.Headers;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>How a test's HTTP client reaches an exporter behind <c>--web.config.file</c>: the scheme, a handler (TLS trust, a client certificate) and credentials.</summary>
internal sealed record ExporterClient(string Scheme, Func<HttpMessageHandler> Handler, AuthenticationHeaderValue? Authorization);
