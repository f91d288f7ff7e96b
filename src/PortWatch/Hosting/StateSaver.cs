using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>
/// Writes the first-seen record to <c>--state.file</c>: after a scan that added or forgot a listener, every
/// <see cref="StateOptions.SaveInterval"/> otherwise (so last-seen times reach the disk), and once more at
/// shutdown. A failed write is logged and counted; the exporter goes on.
/// </summary>
internal sealed partial class StateSaver(StateOptions options, ListenerHistory history, ExporterMetrics metrics, TimeProvider time, ILogger logger)
{
    private readonly Lock gate = new();
    private DateTimeOffset lastSave = DateTimeOffset.MinValue;

    /// <summary>Saves when the record changed or the save interval has passed.</summary>
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
            }
            catch (StateFileException e)
            {
                metrics.RecordStateWriteFailure();
                LogStateWriteFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error}")]
    private partial void LogStateWriteFailed(string error);
}
