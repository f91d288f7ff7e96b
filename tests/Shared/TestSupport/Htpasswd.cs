using System.Diagnostics;

namespace PortWatch.TestSupport;

/// <summary>bcrypt hashes made by Apache's <c>htpasswd -B</c>, as exporter-toolkit's docs tell users to make them.</summary>
internal static class Htpasswd
{
    public static string Hash(string password, int cost = 5)
    {
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-nbB", "-C", cost.ToString(System.Globalization.CultureInfo.InvariantCulture), "user", password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd failed ({process.ExitCode}): {stderr}");
        }

        // "user:$2y$05$...", then an empty line.
        return stdout.Trim()["user:".Length..];
    }
}
