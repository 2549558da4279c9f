using System.Diagnostics;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// Single-call latency: after a warm-up, every call is timed on its own and the median is
/// reported. A median, not a mean or a best: one call is microseconds long, so a rare
/// preemption on a shared machine would dominate a mean and a lucky call a best.
/// </summary>
internal static class Latency
{
    /// <summary>The median time of one call of <paramref name="call"/>, in microseconds.</summary>
    public static double MedianMicroseconds(Action<int> call, double seconds)
    {
        var warm = Stopwatch.StartNew();
        int next = 0;
        while (warm.Elapsed.TotalSeconds < Math.Min(0.5, seconds / 2) || next < 50)
        {
            call(next++);
        }

        var times = new List<double>(capacity: 1 << 16);
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || times.Count < 100)
        {
            long start = Stopwatch.GetTimestamp();
            call(next++);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
