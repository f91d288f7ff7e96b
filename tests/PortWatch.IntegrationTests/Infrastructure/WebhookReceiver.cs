using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Alertmanager's webhook receivers (the pager and the ticket queue), served by a real Kestrel on loopback.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<Notification> notifications = [];

    private WebhookReceiver(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url(string receiver) => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{receiver}";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/{name}", async (string name, HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            var at = DateTimeOffset.UtcNow;
            lock (receiver.notifications)
            {
                foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    receiver.notifications.Add(new Notification(
                        name,
                        at,
                        alert.GetProperty("status").GetString()!,
                        alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)));
                }
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public IReadOnlyList<Notification> Received
    {
        get
        {
            lock (notifications)
            {
                return [.. notifications];
            }
        }
    }

    public async Task<Notification> WaitForAsync(Func<Notification, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no matching notification within {timeout}; received: {string.Join("; ", Received)}");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>One alert of one webhook call.</summary>
    internal sealed record Notification(string Receiver, DateTimeOffset ReceivedAt, string Status, Dictionary<string, string> Labels)
    {
        public override string ToString() =>
            $"{Receiver} {Status} {{{string.Join(", ", Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))}}}";
    }
}
