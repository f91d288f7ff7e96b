using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsCheck;
using Xunit;

namespace PortWatch.TestSupport;

/// <summary>
/// Runs a CsCheck property for a given number of cases and prints how many ran, so that the count is in CI's log
/// (<c>dotnet test --logger "console;verbosity=normal"</c> shows xunit's diagnostic messages, which
/// xunit.runner.json turns on). A failure is shrunk to its simplest case and CsCheck's message gives that case's
/// seed: <c>CsCheck_Seed=&lt;seed&gt; dotnet test --filter &lt;test&gt;</c> replays it.
/// </summary>
internal static class Properties
{
    public static void Check<T>(Gen<T> gen, Action<T> assert, long cases, Func<T, string>? print = null, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        long ran = 0;
        var watch = Stopwatch.StartNew();
        gen.Sample(value =>
        {
            Interlocked.Increment(ref ran);
            assert(value);
        }, iter: cases, print: print);
        Report(name, ran, watch.Elapsed);
    }

    /// <summary>Prints a property's case count in the test log.</summary>
    public static void Report(string name, long cases, TimeSpan elapsed, string? detail = null)
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? name;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[property] {test}: {cases:N0} cases passed in {elapsed.TotalMilliseconds:F0} ms{(detail is null ? "" : "; " + detail)}");
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
