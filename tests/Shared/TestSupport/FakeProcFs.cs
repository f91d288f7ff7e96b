using System.Globalization;
using System.Text;

namespace PortWatch.TestSupport;

/// <summary>
/// A directory laid out like /proc, built by a test: <c>net/tcp</c> and friends as files, <c>&lt;pid&gt;/comm</c>,
/// and <c>&lt;pid&gt;/fd/&lt;n&gt;</c> as symbolic links whose targets are <c>socket:[inode]</c> (a link may point
/// at nothing). Deleted on Dispose.
/// </summary>
internal sealed class FakeProcFs : IDisposable
{
    private readonly TempDirectory root = new();

    /// <summary>A tree with all four socket tables present and empty (header only).</summary>
    public FakeProcFs()
    {
        Directory.CreateDirectory(root.Combine("net"));
        SetTable("tcp");
        SetTable("tcp6");
        SetTable("udp");
        SetTable("udp6");

        // Entries of a real /proc that are not processes.
        Directory.CreateDirectory(root.Combine("sys"));
        File.WriteAllText(root.Combine("uptime"), "1.00 1.00\n");
    }

    public string Path => root.Path;

    /// <summary>Writes net/&lt;name&gt; (tcp, tcp6, udp, udp6) with a header and the given lines.</summary>
    public FakeProcFs SetTable(string name, params string[] lines)
    {
        File.WriteAllText(root.Combine("net", name), ProcNetLine.Table(name.EndsWith('6'), lines));
        return this;
    }

    public FakeProcFs RemoveTable(string name)
    {
        File.Delete(root.Combine("net", name));
        return this;
    }

    /// <summary>A process with a comm file and one descriptor a socket inode (fds numbered from 3).</summary>
    public FakeProcFs AddProcess(int pid, string comm, params ulong[] socketInodes) =>
        AddProcess(pid, Encoding.UTF8.GetBytes(comm + "\n"), socketInodes);

    public FakeProcFs AddProcess(int pid, byte[] comm, params ulong[] socketInodes)
    {
        var directory = PidDirectory(pid);
        Directory.CreateDirectory(System.IO.Path.Combine(directory, "fd"));
        File.WriteAllBytes(System.IO.Path.Combine(directory, "comm"), comm);
        SetStartTime(pid, (ulong)(100_000 + pid));
        AddFd(pid, 0, "/dev/null");
        AddFd(pid, 1, "pipe:[4242]");
        AddFd(pid, 2, "anon_inode:[eventfd]");
        var fd = 3;
        foreach (var inode in socketInodes)
        {
            AddFd(pid, fd++, string.Create(CultureInfo.InvariantCulture, $"socket:[{inode}]"));
        }

        return this;
    }

    /// <summary>Writes &lt;pid&gt;/cgroup: the text of a real one, such as <c>0::/system.slice/sshd.service</c>.</summary>
    public FakeProcFs SetCgroup(int pid, string text)
    {
        File.WriteAllText(System.IO.Path.Combine(PidDirectory(pid), "cgroup"), text);
        return this;
    }

    /// <summary>Writes a file under the tree (such as a runtime's state under <c>1/root</c>), making its directories.</summary>
    public FakeProcFs WriteFile(string relativePath, string text)
    {
        var path = root.Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    /// <summary>Puts a process in a network namespace: &lt;pid&gt;/ns/net links to <c>net:[inode]</c>, as the kernel's does.</summary>
    public FakeProcFs SetNetNamespace(int pid, ulong inode)
    {
        var directory = System.IO.Path.Combine(PidDirectory(pid), "ns");
        Directory.CreateDirectory(directory);
        var link = System.IO.Path.Combine(directory, "net");
        File.Delete(link);
        File.CreateSymbolicLink(link, string.Create(CultureInfo.InvariantCulture, $"net:[{inode}]"));
        return this;
    }

    /// <summary>Makes <c>self</c> a link to &lt;pid&gt;, as the kernel's is to the reading process: the tree seen by that process.</summary>
    public FakeProcFs SetSelf(int pid)
    {
        File.CreateSymbolicLink(root.Combine("self"), pid.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Writes &lt;pid&gt;/net/&lt;name&gt;: the socket table of the process's network namespace.</summary>
    public FakeProcFs SetProcessTable(int pid, string name, params string[] lines)
    {
        var directory = System.IO.Path.Combine(PidDirectory(pid), "net");
        Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, name), ProcNetLine.Table(name.EndsWith('6'), lines));
        return this;
    }

    public FakeProcFs AddFd(int pid, int fd, string target)
    {
        var directory = System.IO.Path.Combine(PidDirectory(pid), "fd");
        Directory.CreateDirectory(directory);
        File.CreateSymbolicLink(System.IO.Path.Combine(directory, fd.ToString(CultureInfo.InvariantCulture)), target);
        return this;
    }

    /// <summary>
    /// Writes <c>&lt;pid&gt;/stat</c> with the given start time (field 22), as the kernel does: the pid, the command in
    /// parentheses (which may hold spaces and parentheses), then the other fields.
    /// </summary>
    public FakeProcFs SetStartTime(int pid, ulong startTime, string comm = "a) (b c")
    {
        var fields = string.Join(' ', Enumerable.Range(3, 19).Select(f => f == 3 ? "S" : "0"));
        File.WriteAllText(System.IO.Path.Combine(PidDirectory(pid), "stat"),
            string.Create(CultureInfo.InvariantCulture, $"{pid} ({comm}) {fields} {startTime} 20000 300 0\n"));
        return this;
    }

    /// <summary>A pid directory with a comm file but no fd directory: the process exited mid-scan.</summary>
    public FakeProcFs AddVanishedProcess(int pid)
    {
        Directory.CreateDirectory(PidDirectory(pid));
        File.WriteAllText(System.IO.Path.Combine(PidDirectory(pid), "comm"), "gone\n");
        return this;
    }

    public FakeProcFs RemoveProcess(int pid)
    {
        Directory.Delete(PidDirectory(pid), recursive: true);
        return this;
    }

    public FakeProcFs RemoveComm(int pid)
    {
        File.Delete(System.IO.Path.Combine(PidDirectory(pid), "comm"));
        return this;
    }

    public void Dispose() => root.Dispose();

    private string PidDirectory(int pid) => root.Combine(pid.ToString(CultureInfo.InvariantCulture));
}
