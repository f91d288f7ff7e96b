using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

/// <summary>A scanner with the kernel's real destroy events: a listener that opened and closed between two scans is recorded.</summary>
public sealed class ScannerDestroyEventTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(T0);
    private readonly FakeProcFs proc = new();
    private readonly ListenerHistory history = new();
    private readonly ScanOptions options;
    private readonly Scanner scanner;

    public ScannerDestroyEventTests()
    {
        options = new ScanOptions { ProcFsPath = proc.Path, Retention = TimeSpan.FromMinutes(5) };
        scanner = new Scanner(
            new ProcNetSocketSource(new ProcFsRoot(proc.Path)),
            new OwnerCache(new ProcFsRoot(proc.Path), time),
            TestRegistry.Embedded,
            options,
            new StateOptions(),
            history,
            time,
            ClosedSockets.Start(ProcFsRoot.Self, time));
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
    }

    public void Dispose()
    {
        scanner.Dispose();
        proc.Dispose();
    }

    [Fact]
    public void ListenerOpenedAndClosedBetweenScans_IsRecordedClosedWithUnknownOwnerThenDroppedAfterRetention()
    {
        scanner.Scan(TestContext.Current.CancellationToken).Listeners.Count.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(0.5));
        int port;
        using (var sockets = new RealSockets())
        {
            port = RealSockets.PortOf(sockets.ListenOutsideEphemeral(ProtocolType.Tcp, IPAddress.Any));
        }

        var closedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(0.5));
        var result = ScanUntil(r => r.Listeners.Any(l => l.Key.Port == port));

        var listener = result.Listeners.Single(l => l.Key.Port == port);
        listener.IsOpen.ShouldBeFalse();
        listener.ProcessLabel.ShouldBe("unknown");
        listener.FirstSeen.ShouldBeInRange(closedAt, closedAt.AddSeconds(0.5)); // When the exporter heard the event.
        listener.LastSeen.ShouldBe(listener.FirstSeen);
        listener.Key.Address.ShouldBe(IPAddress.Any);
        result.ShortLived.ShouldNotBeNull().Single(s => s.Listener.Key.Port == port).Uid.ShouldBe(0u, customMessage: "the tests run as root in CI");
        history.Sightings.ContainsKey(listener.Key).ShouldBeTrue();

        time.Advance(options.Retention - TimeSpan.FromSeconds(1));
        scanner.Scan(TestContext.Current.CancellationToken).Listeners.Any(l => l.Key.Port == port).ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(2));
        scanner.Scan(TestContext.Current.CancellationToken).Listeners.Any(l => l.Key.Port == port).ShouldBeFalse();
    }

    [Fact]
    public void Scan_UnchangedListeners_KeepTheirVersionAndAChangeMovesIt()
    {
        var first = scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        var same = scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 12, ProcNetLine.Listen, 2));
        time.Advance(TimeSpan.FromSeconds(1));
        var changed = scanner.Scan(TestContext.Current.CancellationToken);

        same.Version.ShouldBe(first.Version);
        changed.Version.ShouldNotBe(first.Version);
    }

    private ScanResult ScanUntil(Func<ScanResult, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = scanner.Scan(TestContext.Current.CancellationToken);
            if (condition(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            Thread.Yield();
        }
    }
}
