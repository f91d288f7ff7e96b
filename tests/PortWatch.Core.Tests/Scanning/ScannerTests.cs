using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

public sealed class ScannerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeProcFs proc = new();
    private readonly SteppingTimeProvider time = new(T0) { Step = TimeSpan.FromMilliseconds(1) };
    private readonly ScanOptions options;
    private readonly StateOptions stateOptions = new() { ForgetAfter = TimeSpan.FromDays(7) };
    private readonly ListenerHistory history = new();

    public ScannerTests()
    {
        options = new ScanOptions { ProcFsPath = proc.Path };
    }

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Scan_ForkedWorkersAndReusePort_GiveOneListenerWithEveryProcess()
    {
        proc.SetTable("tcp",
                ProcNetLine.Format(0, "0.0.0.0", 80, ProcNetLine.Listen, 100),
                ProcNetLine.Format(1, "0.0.0.0", 80, ProcNetLine.Listen, 101),
                ProcNetLine.Format(2, "127.0.0.1", 41000, ProcNetLine.Established, 102, "127.0.0.1", 80))
            .AddProcess(10, "nginx", 100)
            .AddProcess(11, "nginx", 100)
            .AddProcess(12, "nginx-worker", 101)
            .AddProcess(13, "curl", 102);

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeTrue();
        var listener = result.Listeners.ShouldHaveSingleItem();
        listener.Key.ToString().ShouldBe("tcp 0.0.0.0:80");
        listener.Processes.ShouldBe([new ProcessInfo(10, "nginx"), new ProcessInfo(11, "nginx"), new ProcessInfo(12, "nginx-worker")]);
        listener.ProcessLabel.ShouldBe("nginx,nginx-worker");
        listener.Classification.Service.ShouldBe("http");
        listener.Exposure.ShouldBe(Exposure.Wildcard);
    }

    [Fact]
    public void Scan_EveryTable_FindsTcpAndUdpListenersOfBothFamilies()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "127.0.0.1", 22, ProcNetLine.Listen, 1))
            .SetTable("tcp6", ProcNetLine.Format(0, "::ffff:127.0.0.1", 8080, ProcNetLine.Listen, 2))
            .SetTable("udp", ProcNetLine.Format(0, "0.0.0.0", 53, ProcNetLine.UdpUnconnected, 3), ProcNetLine.Format(1, "127.0.0.1", 40000, ProcNetLine.Established, 4, "127.0.0.1", 53))
            .SetTable("udp6", ProcNetLine.Format(0, "::", 5353, ProcNetLine.UdpUnconnected, 5));

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Listeners.Select(l => $"{l.Key} {l.Exposure.ToLabel()}").ShouldBe(
        [
            "tcp 127.0.0.1:22 loopback",
            "tcp [::ffff:127.0.0.1]:8080 loopback",
            "udp 0.0.0.0:53 wildcard",
            "udp [::]:5353 wildcard",
        ]);
        result.Listeners.ShouldAllBe(l => l.ProcessLabel == "unknown");
    }

    [Fact]
    public void Scan_VanishedProcess_IsSkippedAndTheScanSucceeds()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1))
            .AddVanishedProcess(5)
            .AddProcess(6, "sshd", 1);

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeTrue();
        result.Listeners.ShouldHaveSingleItem().ProcessLabel.ShouldBe("sshd");
        result.ProcessesUnreadable.ShouldBe(0);
    }

    [Fact]
    public void Scan_AttributionDisabled_LeavesProcessesUnknown()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1)).AddProcess(6, "sshd", 1);
        options.AttributeProcesses = false;

        Scanner().Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem().ProcessLabel.ShouldBe("unknown");
    }

    [Fact]
    public void Scan_Ipv6Disabled_SucceedsAndListsTheMissingTables()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1)).RemoveTable("tcp6").RemoveTable("udp6");

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeTrue();
        result.MissingTables.ShouldBe(["net/tcp6", "net/udp6"]);
        result.Listeners.Count.ShouldBe(1);
    }

    [Fact]
    public void Scan_TcpTableGone_FailsInEnumerateAndKeepsThePreviousListeners()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        var first = scanner.Scan(TestContext.Current.CancellationToken);
        proc.RemoveTable("tcp");
        time.Advance(TimeSpan.FromSeconds(15));

        var second = scanner.Scan(TestContext.Current.CancellationToken);

        second.Success.ShouldBeFalse();
        second.FailedStage.ShouldBe(ScanStage.Enumerate);
        second.Error.ShouldNotBeNull().ShouldContain("net/tcp does not exist");
        second.Listeners.ShouldBe(first.Listeners);
        second.LastSuccessAt.ShouldBe(first.LastSuccessAt);
        second.StartedAt.ShouldBe(T0.AddSeconds(15));
        second.StageDurations.Keys.ShouldBe([ScanStage.Enumerate]);
    }

    [Fact]
    public void Scan_FailsOnTheFirstScan_HasNoListenersAndNoLastSuccess()
    {
        proc.RemoveTable("tcp");

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeFalse();
        result.Listeners.ShouldBeEmpty();
        result.LastSuccessAt.ShouldBeNull();
        result.Baseline.ShouldBeNull();
    }

    [Fact]
    public void Scan_AfterAFailure_SucceedsAgainAndStartsTheBaselineThen()
    {
        var scanner = Scanner();
        proc.RemoveTable("tcp");
        scanner.Scan(TestContext.Current.CancellationToken).Success.ShouldBeFalse();
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        time.Advance(TimeSpan.FromSeconds(15));

        var result = scanner.Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeTrue();
        result.Listeners.Count.ShouldBe(1);
        result.Baseline.ShouldBe(T0.AddSeconds(15));
    }

    [Fact]
    public void Scan_FirstScan_ListenersPresentAreTheBaseline()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 80, ProcNetLine.Listen, 2));

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Baseline.ShouldBe(T0);
        result.Listeners.ShouldAllBe(l => l.FirstSeen == result.Baseline);
        result.LastSuccessAt.ShouldBe(T0);
    }

    [Fact]
    public void Scan_LaterScans_KeepFirstSeenAndGiveNewListenersTheirOwn()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(15));
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 8080, ProcNetLine.Listen, 2));

        var result = scanner.Scan(TestContext.Current.CancellationToken);

        result.Baseline.ShouldBe(T0);
        result.Listeners[0].FirstSeen.ShouldBe(T0);
        scanner.History.Sightings[result.Listeners[0].Key].LastSeen.ShouldBe(T0.AddSeconds(15));
        result.Listeners[1].FirstSeen.ShouldBe(T0.AddSeconds(15));
        result.Listeners[1].FirstSeen.ShouldBeGreaterThan(result.Baseline!.Value);
        scanner.History.Sightings.Count.ShouldBe(2);
    }

    [Fact]
    public void Scan_LoadedHistory_ListenerOpenedWhileDownIsNewAndOldOnesKeepTheirTimes()
    {
        var baseline = T0.AddDays(-10);
        var sshKey = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, System.Net.IPAddress.Any, 22);
        var loaded = new ListenerHistory(baseline, [new(sshKey, new ListenerSighting(baseline, T0.AddHours(-1)))]);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 4444, ProcNetLine.Listen, 2));

        var result = Scanner(loaded).Scan(TestContext.Current.CancellationToken);

        result.Baseline.ShouldBe(baseline);
        result.Listeners[0].FirstSeen.ShouldBe(baseline);
        result.Listeners[1].FirstSeen.ShouldBe(T0);
    }

    [Fact]
    public void Scan_NoRetention_DropsAClosedListenerAtOnce()
    {
        options.Retention = TimeSpan.Zero;
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp");
        time.Advance(TimeSpan.FromSeconds(15));

        scanner.Scan(TestContext.Current.CancellationToken).Listeners.ShouldBeEmpty();
    }

    [Fact]
    public void Scan_Retention_KeepsAClosedListenerUntilRetentionPasses()
    {
        options.Retention = TimeSpan.FromMinutes(1);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 4444, ProcNetLine.Listen, 2));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));

        time.Advance(TimeSpan.FromSeconds(30));
        var during = scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(30));
        var atTheEdge = scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = scanner.Scan(TestContext.Current.CancellationToken);

        during.Listeners.Select(l => (l.Key.Port, l.IsOpen)).ShouldBe([(22, true), (4444, false)]);
        var closed = during.Listeners[1];
        closed.LastSeen.ShouldBe(T0);
        closed.FirstSeen.ShouldBe(T0);
        atTheEdge.Listeners.Select(l => (l.Key.Port, l.IsOpen)).ShouldBe([(22, true), (4444, false)]);
        after.Listeners.Select(l => l.Key.Port).ShouldBe([22]);
    }

    [Fact]
    public void Scan_Retention_ListenerThatReopensIsOpenAgainWithItsFirstSeen()
    {
        options.Retention = TimeSpan.FromMinutes(5);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 4444, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp");
        time.Advance(TimeSpan.FromSeconds(15));
        scanner.Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem().IsOpen.ShouldBeFalse();
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 4444, ProcNetLine.Listen, 2));
        time.Advance(TimeSpan.FromSeconds(15));

        var listener = scanner.Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem();

        listener.IsOpen.ShouldBeTrue();
        listener.FirstSeen.ShouldBe(T0);
        listener.LastSeen.ShouldBe(T0.AddSeconds(30));
    }

    [Fact]
    public void Scan_ForgetAfter_ForgetsListenersNotSeenForThatLong()
    {
        stateOptions.ForgetAfter = TimeSpan.FromMinutes(1);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 4444, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp");
        time.Advance(TimeSpan.FromMinutes(2));
        scanner.Scan(TestContext.Current.CancellationToken);
        scanner.History.Sightings.ShouldBeEmpty();
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 4444, ProcNetLine.Listen, 1));
        time.Advance(TimeSpan.FromMinutes(1));

        scanner.Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem().FirstSeen.ShouldBe(T0.AddMinutes(3));
    }

    [Fact]
    public void Scan_StageDurations_AreRecordedForEveryStageThatRan()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        // The manual clock moves one millisecond each time it is read: every stage lasts exactly that.
        result.StageDurations.ShouldBe(new Dictionary<ScanStage, TimeSpan>
        {
            [ScanStage.Enumerate] = TimeSpan.FromMilliseconds(1),
            [ScanStage.Attribute] = TimeSpan.FromMilliseconds(1),
            [ScanStage.Classify] = TimeSpan.FromMilliseconds(1),
        });
        result.Duration.ShouldBe(TimeSpan.FromMilliseconds(3));
    }

    [Fact]
    public void Scan_MalformedLines_AreReportedByTable()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), "   1: garbage");

        var result = Scanner().Scan(TestContext.Current.CancellationToken);

        result.Success.ShouldBeTrue();
        result.MalformedLines["net/tcp"].ShouldBe(1);
        result.MalformedLines["net/udp"].ShouldBe(0);
    }

    [Fact]
    public void Scan_OnlyUdp_SkipsTcpListeners()
    {
        options.Protocols = new HashSet<TransportProtocol> { TransportProtocol.Udp };
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1))
            .SetTable("udp", ProcNetLine.Format(0, "0.0.0.0", 53, ProcNetLine.UdpUnconnected, 2));

        Scanner().Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem().Key.Protocol.ShouldBe(TransportProtocol.Udp);
    }

    [Fact]
    public void Scan_ExpectedEntries_AreApplied()
    {
        options.Expected = [new ExpectedListener(TransportProtocol.Tcp, 22, 22, "sshd", null)];
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 23, ProcNetLine.Listen, 2))
            .AddProcess(5, "sshd", 1, 2);

        Scanner().Scan(TestContext.Current.CancellationToken).Listeners.Select(l => (l.Key.Port, l.Expected)).ShouldBe([(22, true), (23, false)]);
    }

    [Fact]
    public void Scan_NothingChanged_ReusesEveryListenerOfThePreviousScan()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 80, ProcNetLine.Listen, 2))
            .AddProcess(10, "sshd", 1).AddProcess(11, "nginx", 2);
        var scanner = Scanner();
        var first = scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));

        var second = scanner.Scan(TestContext.Current.CancellationToken);

        second.Listeners.Count.ShouldBe(2);
        second.Listeners.Zip(first.Listeners).ShouldAllBe(pair => ReferenceEquals(pair.First, pair.Second));
        second.Version.ShouldBe(first.Version);
    }

    [Fact]
    public void Scan_SteadyStateEverySecond_RetainedListenerLeavesExactlyWhenRetentionPasses()
    {
        options.Retention = TimeSpan.FromSeconds(30);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 4444, ProcNetLine.Listen, 2));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));

        // Nothing changes in the kernel from here on: most of these scans take the steady-state path.
        var ports = new List<int[]>();
        for (var second = 1; second <= 32; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            ports.Add([.. scanner.Scan(TestContext.Current.CancellationToken).Listeners.Select(l => l.Key.Port)]);
        }

        var lastWith4444 = ports.FindLastIndex(p => p.Contains(4444)) + 1;
        lastWith4444.ShouldBeInRange(29, 30);
        ports.Skip(lastWith4444).ShouldAllBe(p => p.SequenceEqual(new[] { 22 }));
        scanner.History.Sightings[new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, System.Net.IPAddress.Any, 22)].LastSeen.ShouldBeGreaterThan(T0.AddSeconds(20)); // Still recorded while steady.
    }

    [Fact]
    public void Scan_OwnerChanged_RebuildsThatListenerOnly()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 80, ProcNetLine.Listen, 2))
            .AddProcess(10, "sshd", 1).AddProcess(11, "nginx", 2);
        var scanner = Scanner();
        var first = scanner.Scan(TestContext.Current.CancellationToken);
        proc.RemoveProcess(11).AddProcess(12, "caddy", 2);
        time.Advance(TimeSpan.FromSeconds(1));

        var second = scanner.Scan(TestContext.Current.CancellationToken);

        second.Listeners.Single(l => l.Key.Port == 80).ProcessLabel.ShouldBe("caddy");
        second.Listeners.Single(l => l.Key.Port == 22).ProcessLabel.ShouldBe("sshd");
        second.Version.ShouldNotBe(first.Version);
    }

    [Fact]
    public void Scan_ListenerCloses_ItsLastSeenIsTheLastScanThatSawItOpen()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        var scanner = Scanner();
        scanner.Scan(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        scanner.Scan(TestContext.Current.CancellationToken);
        proc.SetTable("tcp");
        time.Advance(TimeSpan.FromSeconds(1));

        var closed = scanner.Scan(TestContext.Current.CancellationToken).Listeners.ShouldHaveSingleItem();

        closed.IsOpen.ShouldBeFalse();
        closed.LastSeen.ShouldBe(T0.AddSeconds(1));
    }

    private Scanner Scanner(ListenerHistory? loaded = null) =>
        ScannerFactory.Create(options, stateOptions, TestRegistry.Small(), loaded ?? history, time);
}
