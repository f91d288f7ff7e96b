using PortWatch.Owners;

namespace PortWatch.Processes;

/// <summary>
/// Turns the bytes of <c>/proc/&lt;pid&gt;/comm</c> into printable text (<see cref="OwnerText"/>). Any process can name itself anything
/// (<c>prctl(PR_SET_NAME)</c>), so the name is attacker-chosen: control and format characters and bytes that
/// are not UTF-8 become <c>\xNN</c>, so that no name can break a table, a terminal or a log line. A backslash
/// becomes <c>\x5c</c>, so that no name can pass for an escaped one, and a comma <c>\x2c</c>, so that no name
/// can pass for two in the comma-joined <c>process</c> label. Quotes stay; each output format escapes them.
/// Two names never give one label: <c>unknown</c> means only that the name could not be read (a process that names
/// itself <c>unknown</c> is <c>\x75nknown</c>), and the empty name that <c>prctl</c> can set is <c>\empty</c>, which
/// no other name gives since every other backslash begins <c>\xNN</c>.
/// </summary>
internal static class ProcessName
{
    public const string Unknown = "unknown";

    /// <summary>The label of an empty name.</summary>
    public const string Empty = @"\empty";

    public static string FromComm(ReadOnlySpan<byte> comm)
    {
        if (!comm.IsEmpty && comm[^1] == (byte)'\n')
        {
            comm = comm[..^1]; // The kernel ends the file with a newline; the name cannot be empty without it.
        }

        if (comm.IsEmpty)
        {
            return Empty;
        }

        var name = OwnerText.Escape(comm);
        return name == Unknown ? @"\x75" + name[1..] : name;
    }
}
