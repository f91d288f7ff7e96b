namespace PortWatch.Firewall;

/// <summary>
/// An immutable set of whole numbers kept as sorted, disjoint, non-adjacent closed intervals. Addresses (IPv4 and
/// IPv6 as 128-bit numbers), ports, protocol numbers and flag values are all sets of this kind, so one type answers
/// "is it in?", and the symbolic source address of a probe is split by it.
/// </summary>
internal sealed class IntervalSet : IEquatable<IntervalSet>
{
    private readonly (UInt128 Low, UInt128 High)[] intervals;

    private IntervalSet((UInt128 Low, UInt128 High)[] intervals) => this.intervals = intervals;

    public static IntervalSet Empty { get; } = new([]);

    public IReadOnlyList<(UInt128 Low, UInt128 High)> Intervals => intervals;

    public bool IsEmpty => intervals.Length == 0;

    public static IntervalSet Single(UInt128 value) => new([(value, value)]);

    public static IntervalSet Range(UInt128 low, UInt128 high) => low <= high ? new([(low, high)]) : Empty;

    /// <summary>Any intervals, overlapping or not, in any order.</summary>
    public static IntervalSet Of(IEnumerable<(UInt128 Low, UInt128 High)> pieces)
    {
        var sorted = pieces.Where(p => p.Low <= p.High).OrderBy(p => p.Low).ToList();
        var merged = new List<(UInt128 Low, UInt128 High)>(sorted.Count);
        foreach (var (low, high) in sorted)
        {
            if (merged.Count > 0 && (merged[^1].High == UInt128.MaxValue || low <= merged[^1].High + 1))
            {
                merged[^1] = (merged[^1].Low, high > merged[^1].High ? high : merged[^1].High);
            }
            else
            {
                merged.Add((low, high));
            }
        }

        return new IntervalSet([.. merged]);
    }

    public bool Contains(UInt128 value)
    {
        int low = 0, high = intervals.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (value < intervals[middle].Low)
            {
                high = middle - 1;
            }
            else if (value > intervals[middle].High)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public IntervalSet Union(IntervalSet other) => Of(intervals.Concat(other.intervals));

    public IntervalSet Intersect(IntervalSet other)
    {
        var result = new List<(UInt128, UInt128)>();
        int i = 0, j = 0;
        while (i < intervals.Length && j < other.intervals.Length)
        {
            var low = intervals[i].Low > other.intervals[j].Low ? intervals[i].Low : other.intervals[j].Low;
            var high = intervals[i].High < other.intervals[j].High ? intervals[i].High : other.intervals[j].High;
            if (low <= high)
            {
                result.Add((low, high));
            }

            if (intervals[i].High < other.intervals[j].High)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return new IntervalSet([.. result]);
    }

    public IntervalSet Subtract(IntervalSet other)
    {
        var result = new List<(UInt128, UInt128)>();
        var j = 0;
        foreach (var (start, high) in intervals)
        {
            var low = start;
            var done = false;
            while (j < other.intervals.Length && other.intervals[j].High < low)
            {
                j++;
            }

            for (var k = j; k < other.intervals.Length && other.intervals[k].Low <= high; k++)
            {
                if (other.intervals[k].Low > low)
                {
                    result.Add((low, other.intervals[k].Low - 1));
                }

                if (other.intervals[k].High >= high)
                {
                    done = true;
                    break;
                }

                low = other.intervals[k].High + 1;
            }

            if (!done)
            {
                result.Add((low, high));
            }
        }

        return new IntervalSet([.. result]);
    }

    public bool Equals(IntervalSet? other) => other is not null && intervals.AsSpan().SequenceEqual(other.intervals);

    public override bool Equals(object? obj) => Equals(obj as IntervalSet);

    public override int GetHashCode() => intervals.Length == 0 ? 0 : HashCode.Combine(intervals.Length, intervals[0], intervals[^1]);
}
