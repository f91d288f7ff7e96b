using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>
/// Writes the first-seen record to <c>--state.file</c>: after a scan that added or forgot a listener, every
/// <see cref="StateOptions.SaveInterval"/> otherwise (so last-seen times reach the disk), and once more at
/// shutdown. A failed write (a full disk, a read-only file system) is counted and the exporter goes on: the
/// record stays in memory, the file keeps the last good save, and the next scan tries again. The first failure
/// is logged at once, a failure that lasts once a save interval, and the recovery when a write succeeds again.
/// </summary>
internal sealed partial class StateSaver(StateOptions options, ListenerHistory history, StateCollector metrics, TimeProvider time, ILogger logger)
{
    private readonly Lock gate = new();
    private DateTimeOffset lastSave = DateTimeOffset.MinValue;
    private long failures;
    private DateTimeOffset lastFailureLogged;

    /// <summary>Saves when the record changed or the save interval has passed (at every scan while writes fail).</summary>
    public void SaveIfDue()
    {
        if (time.GetUtcNow() - lastSave >= options.SaveInterval || history.HasUnsavedChanges)
        {
            Save();
        }
    }

    /// <summary>Saves whatever the record holds (at shutdown).</summary>
    public void Save()
    {
        if (options.File.Length == 0 || history.Baseline is null)
        {
            return; // In memory only, or nothing recorded yet.
        }

        lock (gate)
        {
            var now = time.GetUtcNow();
            try
            {
                StateFile.Save(options.File, history);
                lastSave = now;
                if (failures > 0)
                {
                    LogStateWriteRecovered(options.File, failures);
                    failures = 0;
                }
            }
            catch (StateFileException e)
            {
                metrics.RecordStateWriteFailure();
                failures++;
                if (failures == 1)
                {
                    lastFailureLogged = now;
                    LogStateWriteFailed(e.Message);
                }
                else if (now - lastFailureLogged >= options.SaveInterval)
                {
                    lastFailureLogged = now;
                    LogStateWriteStillFailing(failures, e.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error}; scans and scrapes go on, the file keeps the last good save, and the record is written when the file can be written again (portwatch_state_write_errors_total counts the failures)")]
    private partial void LogStateWriteFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "the state file still cannot be written ({Failures} failed writes in a row): {Error}")]
    private partial void LogStateWriteStillFailing(long failures, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "state file {File} written again after {Failures} failed writes")]
    private partial void LogStateWriteRecovered(string file, long failures);
}
