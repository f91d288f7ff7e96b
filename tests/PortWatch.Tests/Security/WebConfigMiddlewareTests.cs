using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

public sealed class WebConfigMiddlewareTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly WebConfigSource source;
    private readonly WebConfigMiddleware middleware;

    public WebConfigMiddlewareTests()
    {
        var file = directory.WriteFile("web.yml", $"basic_auth_users:\n  prometheus: '{Htpasswd.Hash("secret", 4)}'\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n");
        source = new WebConfigSource(WebConfigLoader.Load(file), new FakeTimeProvider(), NullLogger.Instance);
        middleware = new WebConfigMiddleware(source, "/-/healthy", NullLogger.Instance);
    }

    [Theory]
    [InlineData("/metrics", null, 401)]
    [InlineData("/metrics", "prometheus:wrong", 401)]
    [InlineData("/metrics", "root:secret", 401)]
    [InlineData("/metrics", "prometheus:secret", 200)]
    [InlineData("/", null, 401)]
    [InlineData("/-/ready", null, 401)]
    [InlineData("/no/such/path", null, 401)]
    [InlineData("/-/healthy/", null, 401)]
    [InlineData("/-/HEALTHY", null, 401)]
    [InlineData("/-/healthy", null, 200)]
    public async Task InvokeAsync_Request_PassesOnlyWithTheRightCredentialsOrToTheOpenPath(string path, string? credentials, int status)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        if (credentials is not null)
        {
            context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        }

        var reached = false;
        await middleware.InvokeAsync(context, _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        reached.ShouldBe(status == 200);
        context.Response.StatusCode.ShouldBe(status);
        context.Response.Headers["X-Frame-Options"].ToString().ShouldBe("deny");
        context.Response.Headers.WWWAuthenticate.ToString().ShouldBe(status == 401 ? "Basic" : "");
    }

    [Fact]
    public async Task InvokeAsync_BcryptQueueFull_Answers429AtOnceWithRetryAfter()
    {
        var queue = source.Current.Auth.Queue;
        while (queue.TryEnter())
        {
            // The places a flood of wrong passwords holds.
        }

        var context = new DefaultHttpContext();
        context.Request.Path = "/metrics";
        context.Response.Body = new MemoryStream();
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:wrong"));
        var reached = false;

        await middleware.InvokeAsync(context, _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        reached.ShouldBeFalse();
        context.Response.StatusCode.ShouldBe(429);
        context.Response.Headers.RetryAfter.ToString().ShouldBe("1");
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()).ShouldBe("Too many credential checks waiting (8), try again later.\n");
        source.AuthThrottled.ShouldBe(2, "the attempt that found the queue full, and the request's");
    }

    public void Dispose() => directory.Dispose();
}
