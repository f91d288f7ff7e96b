using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Hosting;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class RequestLimitTests
{
    [Fact]
    public async Task Limit_AsManyAsTheLimitHeld_TheNextGets503AtOnceWithNodeExportersText()
    {
        var limit = new RequestLimit(2);
        var release = new TaskCompletionSource();
        var served = 0;
        var handler = limit.Limit(async context =>
        {
            Interlocked.Increment(ref served);
            await release.Task;
            context.Response.StatusCode = 200;
        });
        var first = Context();
        var second = Context();
        var held = new[] { handler(first), handler(second) };

        var third = Context();
        await handler(third); // Returns without waiting for the two held ones: nothing queues.

        third.Response.StatusCode.ShouldBe(503);
        third.Response.ContentType.ShouldBe("text/plain; charset=utf-8");
        third.Response.Headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        Body(third).ShouldBe("Limit of concurrent requests reached (2), try again later.\n");
        third.Response.ContentLength.ShouldBe(Encoding.UTF8.GetByteCount(Body(third)));
        served.ShouldBe(2);
        limit.InFlight.ShouldBe(2);
        limit.Rejected.ShouldBe(1);
        held.ShouldAllBe(t => !t.IsCompleted);

        release.SetResult();
        await Task.WhenAll(held);
        limit.InFlight.ShouldBe(0);
        var fourth = Context();
        await handler(fourth);
        fourth.Response.StatusCode.ShouldBe(200);
        first.Response.StatusCode.ShouldBe(200);
        limit.Rejected.ShouldBe(1);
    }

    [Fact]
    public async Task Limit_HandlerThrows_GivesItsPlaceBack()
    {
        var limit = new RequestLimit(1);
        var handler = limit.Limit(_ => throw new InvalidOperationException("boom"));

        await Should.ThrowAsync<InvalidOperationException>(() => handler(Context()));

        limit.InFlight.ShouldBe(0);
        limit.TryEnter().ShouldBeTrue();
    }

    [Fact]
    public void TryEnter_ZeroLimit_NeverRejects()
    {
        var limit = new RequestLimit(0);

        for (var i = 0; i < 10_000; i++)
        {
            limit.TryEnter().ShouldBeTrue();
        }

        limit.InFlight.ShouldBe(10_000);
        limit.Rejected.ShouldBe(0);
    }

    [Fact]
    public void TryEnter_FromManyThreadsAtOnce_NeverLetsInMoreThanTheLimitAndCountsEveryRejection()
    {
        const int Max = 4;
        const int Attempts = 20_000;
        var limit = new RequestLimit(Max);
        var inside = 0;
        var most = 0;
        var admitted = 0;
        var rejected = 0;

        Parallel.For(0, Attempts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            if (!limit.TryEnter())
            {
                Interlocked.Increment(ref rejected);
                return;
            }

            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            Thread.SpinWait(50);
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref admitted);
            limit.Exit();
        });

        most.ShouldBeLessThanOrEqualTo(Max);
        (admitted + rejected).ShouldBe(Attempts);
        limit.Rejected.ShouldBe(rejected);
        limit.InFlight.ShouldBe(0);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(DefaultHttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
