using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PortWatch.Hosting;
using PortWatch.State;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class StateSaverTests : IDisposable
{
    private readonly ExporterParts parts;

    public StateSaverTests()
    {
        parts = new ExporterParts((_, state) => state.SaveInterval = TimeSpan.FromMinutes(5));
        parts.StateOptions.File = parts.Directory.Combine("state.json");
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
    }

    public void Dispose() => parts.Dispose();

    [Fact]
    public void SaveIfDue_AfterTheFirstScan_WritesTheRecord()
    {
        Scan();

        parts.Saver.SaveIfDue();

        var saved = StateFile.Load(parts.StateOptions.File);
        saved.Baseline.ShouldBe(ExporterParts.T0);
        saved.Sightings.Keys.Select(k => k.ToString()).ShouldBe(["tcp 0.0.0.0:22"]);
    }

    [Fact]
    public void SaveIfDue_OnlyLastSeenChanged_WaitsForTheSaveInterval()
    {
        Scan();
        parts.Saver.SaveIfDue();
        parts.Time.Advance(TimeSpan.FromMinutes(1));
        Scan();

        parts.Saver.SaveIfDue();
        StateFile.Load(parts.StateOptions.File).Sightings.Values.Single().LastSeen.ShouldBe(ExporterParts.T0);

        parts.Time.Advance(TimeSpan.FromMinutes(4));
        Scan();
        parts.Saver.SaveIfDue();
        StateFile.Load(parts.StateOptions.File).Sightings.Values.Single().LastSeen.ShouldBe(ExporterParts.T0.AddMinutes(5));
    }

    [Fact]
    public void SaveIfDue_NewListener_IsWrittenAtOnce()
    {
        Scan();
        parts.Saver.SaveIfDue();
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 12, ProcNetLine.Listen, 2));
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        Scan();

        parts.Saver.SaveIfDue();

        StateFile.Load(parts.StateOptions.File).Sightings.Count.ShouldBe(2);
    }

    [Fact]
    public void Save_StateDirectoryGone_CountsAWriteErrorAndDoesNotThrow()
    {
        var stateDirectory = parts.Directory.Combine("state");
        Directory.CreateDirectory(stateDirectory);
        parts.StateOptions.File = Path.Combine(stateDirectory, "state.json");
        Scan();
        Directory.Delete(stateDirectory);

        parts.Saver.Save();

        parts.Value("portwatch_state_write_errors_total").ShouldBe(1);
    }

    [Fact]
    public void Save_WritesKeepFailing_LogsTheFirstFailureThenOnceASaveIntervalThenTheRecovery()
    {
        var log = new FakeLogger<StateSaver>(new FakeLogCollector());
        var saver = new StateSaver(parts.StateOptions, parts.History, parts.Collectors.State, parts.Time, log);
        var stateDirectory = parts.Directory.Combine("state");
        Directory.CreateDirectory(stateDirectory);
        parts.StateOptions.File = Path.Combine(stateDirectory, "state.json");
        Scan();
        Directory.Delete(stateDirectory);

        for (var i = 0; i < 3; i++)
        {
            parts.Time.Advance(TimeSpan.FromSeconds(15));
            Scan();
            saver.SaveIfDue(); // Due at every scan while the writes fail.
        }

        parts.Value("portwatch_state_write_errors_total").ShouldBe(3);
        var first = log.Collector.GetSnapshot().ShouldHaveSingleItem();
        first.Level.ShouldBe(LogLevel.Error);
        first.Message.ShouldStartWith($"state file {parts.StateOptions.File}: cannot write: ");
        first.Message.ShouldContain("scans and scrapes go on, the file keeps the last good save");

        parts.Time.Advance(TimeSpan.FromMinutes(5));
        saver.SaveIfDue();
        var still = log.Collector.GetSnapshot().Skip(1).ShouldHaveSingleItem();
        still.Level.ShouldBe(LogLevel.Error);
        still.Message.ShouldStartWith("the state file still cannot be written (4 failed writes in a row): ");

        Directory.CreateDirectory(stateDirectory);
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        saver.SaveIfDue();

        var recovered = log.Collector.GetSnapshot().Skip(2).ShouldHaveSingleItem();
        recovered.Level.ShouldBe(LogLevel.Information);
        recovered.Message.ShouldBe($"state file {parts.StateOptions.File} written again after 4 failed writes");
        StateFile.Load(parts.StateOptions.File).Baseline.ShouldBe(ExporterParts.T0);
        parts.Value("portwatch_state_write_errors_total").ShouldBe(4);
    }

    [Fact]
    public void Save_NoStateFileOrNoScanYet_WritesNothing()
    {
        parts.Saver.Save();
        File.Exists(parts.StateOptions.File).ShouldBeFalse();

        parts.StateOptions.File = "";
        Scan();
        parts.Saver.Save();
        Directory.GetFiles(parts.Directory.Path).ShouldBeEmpty();
    }

    private void Scan() => parts.Scanner.Scan(TestContext.Current.CancellationToken).Success.ShouldBeTrue();
}
