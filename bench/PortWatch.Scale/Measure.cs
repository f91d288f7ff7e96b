using System.Diagnostics;
using System.Globalization;

namespace PortWatch.Scale;

/// <summary>Timing and process helpers: medians of repeated runs, whole commands, another process's CPU and memory.</summary>
internal static class Measure
{
    /// <summary>The median wall-clock milliseconds of <paramref name="runs"/> runs, after one warm-up run.</summary>
    public static double MedianMs(int runs, Action work)
    {
        work();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Runs a command to its end and returns its standard output.</summary>
    public static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>User and system CPU seconds a process has used (utime + stime of /proc/&lt;pid&gt;/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Resident memory in MiB (VmRSS).</summary>
    public static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
}
