using CsCheck;
using PortWatch.Firewall;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Firewall;

/// <summary>Union, intersection and difference of interval sets agree with the same operations on plain sets of small numbers.</summary>
public sealed class IntervalSetPropertyTests
{
    private const int Cases = 5_000;

    private static readonly Gen<(int, int)[]> Pieces = Gen.Select(Gen.Int[0, 60], Gen.Int[0, 8]).Array[0, 6];

    [Fact]
    public void Operations_AgreeWithPlainSets()
    {
        Properties.Check(Gen.Select(Pieces, Pieces, Gen.Int[0, 70]), c =>
        {
            var (a, b, probe) = c;
            var (setA, setB) = (Of(a), Of(b));
            var (plainA, plainB) = (Plain(a), Plain(b));

            Numbers(setA.Union(setB)).ShouldBe(plainA.Union(plainB).Order());
            Numbers(setA.Intersect(setB)).ShouldBe(plainA.Intersect(plainB).Order());
            Numbers(setA.Subtract(setB)).ShouldBe(plainA.Except(plainB).Order());
            setA.Contains((UInt128)probe).ShouldBe(plainA.Contains(probe));
            setA.Union(setB).Equals(IntervalSet.Of(plainA.Union(plainB).Select(n => ((UInt128)n, (UInt128)n)))).ShouldBeTrue();
        }, Cases, c => $"{string.Join(',', c.Item1)} / {string.Join(',', c.Item2)}");
    }

    private static IntervalSet Of((int Low, int Length)[] pieces) => IntervalSet.Of(pieces.Select(p => ((UInt128)p.Low, (UInt128)(p.Low + p.Length))));

    private static HashSet<int> Plain((int Low, int Length)[] pieces) => [.. pieces.SelectMany(p => Enumerable.Range(p.Low, p.Length + 1))];

    private static List<int> Numbers(IntervalSet set) => [.. set.Intervals.SelectMany(i => Enumerable.Range((int)i.Low, (int)(i.High - i.Low) + 1))];
}
