using System.Text;

namespace PortWatch.ProcFs;

/// <summary>
/// One table file of the proc filesystem (such as <c>net/raw</c>) read scan after scan into a buffer kept between
/// reads, with the bytes of the last read kept beside it: <see cref="Read"/> says whether the table changed, so that
/// a caller parses it only then. Reads by descriptor into bytes (<see cref="DirectoryEntries.ReadFile"/>); where the
/// file cannot be opened that way, through <see cref="ProcFsRoot.ReadText"/>, so that a missing file is null and an
/// unreadable one throws as before. Not thread-safe: one per file and reader.
/// </summary>
internal sealed class ProcTableFile(string relativePath)
{
    private const int MaximumLength = 64 * 1024 * 1024;
    private byte[] buffer = new byte[16 * 1024];
    private byte[] last = [];
    private int lastLength = -1;

    /// <summary>
    /// Reads the file under <paramref name="tables"/>. Returns <c>(false, null)</c> when its bytes are those of the
    /// last read; <c>(true, text)</c> when they differ (the text; null when the file does not exist).
    /// </summary>
    public (bool Changed, string? Text) Read(ProcFsRoot tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var path = Encoding.UTF8.GetBytes(Path.Combine(tables.Path, relativePath) + "\0");
        int length;
        while ((length = DirectoryEntries.ReadFile(path, buffer)) == buffer.Length && buffer.Length < MaximumLength)
        {
            buffer = new byte[buffer.Length * 2]; // A table longer than the buffer: read it again, whole.
        }

        if (length < 0)
        {
            lastLength = -1;
            return (true, tables.ReadText(relativePath));
        }

        if (length == lastLength && buffer.AsSpan(0, length).SequenceEqual(last.AsSpan(0, length)))
        {
            return (false, null);
        }

        (buffer, last, lastLength) = (last.Length >= buffer.Length ? last : new byte[buffer.Length], buffer, length);
        return (true, Encoding.UTF8.GetString(last, 0, length));
    }
}
