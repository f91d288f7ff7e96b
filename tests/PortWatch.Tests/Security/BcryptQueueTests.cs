using System.Text;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>The bcrypt queue: one check running, a bounded number waiting, the rest refused at once and counted; cached credentials never queue.</summary>
public sealed class BcryptQueueTests
{
    private static readonly string Hash = Htpasswd.Hash("right", cost: 4);

    [Fact]
    public void TryEnter_BeyondOneRunningAndMaxWaiting_IsRefusedAndCounted()
    {
        var queue = new BcryptQueue(maxWaiting: 3);

        Enumerable.Range(0, 4).Select(_ => queue.TryEnter()).ShouldAllBe(entered => entered);
        queue.TryEnter().ShouldBeFalse();
        queue.TryEnter().ShouldBeFalse();

        queue.Throttled.ShouldBe(2);
        queue.Admitted.ShouldBe(4);
        queue.Exit();
        queue.TryEnter().ShouldBeTrue();
        queue.Throttled.ShouldBe(2);
    }

    [Fact]
    public void TryEnter_FromManyThreadsAtOnce_NeverAdmitsMoreThanTheBoundAndCountsEveryRefusal()
    {
        var queue = new BcryptQueue(maxWaiting: 3);
        var inside = 0;
        var most = 0;
        var admitted = 0L;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            if (!queue.TryEnter())
            {
                return;
            }

            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            Interlocked.Increment(ref admitted);
            Interlocked.Decrement(ref inside);
            queue.Exit();
        });

        most.ShouldBeLessThanOrEqualTo(4);
        (admitted + queue.Throttled).ShouldBe(20_000);
        queue.Admitted.ShouldBe(0);
    }

    [Fact]
    public async Task CheckAsync_QueueFull_IsThrottledAtOnceWithoutBcryptButACachedPasswordStillPasses()
    {
        var queue = new BcryptQueue(maxWaiting: 2);
        var auth = new BasicAuthenticator(new Dictionary<string, string> { ["prometheus"] = Hash }, queue: queue);
        (await auth.CheckAsync(Basic("prometheus", "right"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        for (var i = 0; i < 3; i++)
        {
            queue.TryEnter().ShouldBeTrue(); // the places a flood holds
        }

        (await auth.CheckAsync(Basic("prometheus", "wrong"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Throttled);
        (await auth.CheckAsync(Basic("root", "right"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Throttled);
        (await auth.CheckAsync(Basic("prometheus", "right"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);

        auth.BcryptChecks.ShouldBe(1);
        queue.Throttled.ShouldBe(2);
        queue.Exit();
        (await auth.CheckAsync(Basic("prometheus", "wrong"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Rejected);
        queue.Admitted.ShouldBe(2, "a finished check gives its place back");
    }

    [Fact]
    public void Queue_OfAReloadedAuthenticator_IsTheOneBefore()
    {
        var first = new BasicAuthenticator(new Dictionary<string, string> { ["prometheus"] = Hash });

        var second = new BasicAuthenticator(new Dictionary<string, string> { ["prometheus"] = Hash, ["grafana"] = Hash }, first);

        second.Queue.ShouldBeSameAs(first.Queue);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
