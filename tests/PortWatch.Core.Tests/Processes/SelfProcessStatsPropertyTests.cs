using System.Text;
using CsCheck;
using PortWatch.Processes;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class SelfProcessStatsPropertyTests
{
    private const int Cases = 10_000;

    private static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.Byte.Array[0, 200].Select(b => Encoding.UTF8.GetString(b))),
        (2, from fields in Gen.Frequency((3, Gen.Long[0, long.MaxValue].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, Gen.OneOf("-1", "x", "", "unlimited", "99999999999999999999"))).Array[0, 8]
            from prefix in Gen.OneOf("", "Max open files ", "Max open files            ")
            select prefix + string.Join(' ', fields) + "\n"));

    [Fact]
    public void Parse_AnyStatmOrLimits_IsNullOrANonNegativeFigure()
    {
        Properties.Check(Text, text =>
        {
            (SelfProcessStats.ParseResidentBytes(text, Environment.SystemPageSize) ?? 0).ShouldBeGreaterThanOrEqualTo(0);
            (SelfProcessStats.ParseMaxOpenFiles(text) ?? 0).ShouldBeGreaterThanOrEqualTo(0);
        }, Cases, t => t);
    }
}
