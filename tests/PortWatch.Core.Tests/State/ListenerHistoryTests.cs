using System.Net;
using PortWatch.Sockets;
using PortWatch.State;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.State;

public sealed class ListenerHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerKey Ssh = new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
    private static readonly ListenerKey Dns = new(TransportProtocol.Udp, IpFamily.IPv6, IPAddress.IPv6Loopback, 53);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void Observe_FirstScan_SetsTheBaselineAndFirstSeen()
    {
        var history = new ListenerHistory();
        history.Baseline.ShouldBeNull();

        history.Observe([Ssh], T0, Week);

        history.Baseline.ShouldBe(T0);
        history.Sightings[Ssh].ShouldBe(new ListenerSighting(T0, T0));
        history.HasUnsavedChanges.ShouldBeTrue();
    }

    [Fact]
    public void Observe_EmptyFirstScan_StillSetsTheBaseline()
    {
        var history = new ListenerHistory();

        history.Observe([], T0, Week);

        history.Baseline.ShouldBe(T0);
        history.HasUnsavedChanges.ShouldBeTrue();
    }

    [Fact]
    public void Observe_LaterScans_KeepFirstSeenAndMoveLastSeenAndBaselineStays()
    {
        var history = new ListenerHistory();
        history.Observe([Ssh], T0, Week);

        history.Observe([Ssh, Dns], T0.AddMinutes(1), Week);
        history.Observe([Ssh], T0.AddMinutes(2), Week);

        history.Baseline.ShouldBe(T0);
        history.Sightings[Ssh].ShouldBe(new ListenerSighting(T0, T0.AddMinutes(2)));
        history.Sightings[Dns].ShouldBe(new ListenerSighting(T0.AddMinutes(1), T0.AddMinutes(1)));
    }

    [Fact]
    public void Observe_LoadedBaseline_IsKept()
    {
        var history = new ListenerHistory(T0, [new(Ssh, new ListenerSighting(T0, T0))]);

        history.Observe([Ssh, Dns], T0.AddDays(1), Week);

        history.Baseline.ShouldBe(T0);
        history.Sightings[Ssh].FirstSeen.ShouldBe(T0);
        history.Sightings[Dns].FirstSeen.ShouldBe(T0.AddDays(1));
    }

    [Fact]
    public void Observe_NotSeenForLongerThanForgetAfter_IsForgottenAndNewWhenItReturns()
    {
        var history = new ListenerHistory();
        history.Observe([Ssh, Dns], T0, Week);

        history.Observe([Ssh], T0 + Week, Week);
        history.Sightings.ContainsKey(Dns).ShouldBeTrue(); // exactly ForgetAfter: still kept

        history.Observe([Ssh], T0 + Week + TimeSpan.FromSeconds(1), Week);
        history.Sightings.ContainsKey(Dns).ShouldBeTrue(); // Looked for at most once a minute.
        history.Observe([Ssh], T0 + Week + TimeSpan.FromMinutes(1), Week);
        history.Sightings.ContainsKey(Dns).ShouldBeFalse();

        history.Observe([Ssh, Dns], T0 + Week + TimeSpan.FromMinutes(2), Week);
        history.Sightings[Dns].FirstSeen.ShouldBe(T0 + Week + TimeSpan.FromMinutes(2));
        history.Sightings[Ssh].FirstSeen.ShouldBe(T0);
    }

    [Fact]
    public void Observe_ForgetAfterZero_KeepsEverythingForever()
    {
        var history = new ListenerHistory();
        history.Observe([Ssh, Dns], T0, TimeSpan.Zero);

        history.Observe([], T0.AddYears(5), TimeSpan.Zero);

        history.Sightings.Count.ShouldBe(2);
    }

    [Fact]
    public void HasUnsavedChanges_AfterSave_IsFalseUntilAListenerIsAddedOrForgotten()
    {
        var history = new ListenerHistory();
        history.Observe([Ssh], T0, Week);
        history.MarkSaved(history.Snapshot());
        history.HasUnsavedChanges.ShouldBeFalse();

        history.Observe([Ssh], T0.AddMinutes(1), Week);
        history.HasUnsavedChanges.ShouldBeFalse(); // only last-seen moved

        history.Observe([Ssh, Dns], T0.AddMinutes(2), Week);
        history.HasUnsavedChanges.ShouldBeTrue();

        history.MarkSaved(history.Snapshot());
        history.Observe([Ssh], T0.AddMinutes(2) + Week + TimeSpan.FromSeconds(1), Week);
        history.HasUnsavedChanges.ShouldBeTrue(); // Dns forgotten
    }

    [Fact]
    public void Constructor_NoArguments_IsEmptyWithoutBaseline()
    {
        var history = new ListenerHistory();

        history.Baseline.ShouldBeNull();
        history.Sightings.ShouldBeEmpty();
        history.HasUnsavedChanges.ShouldBeFalse();
    }
}
