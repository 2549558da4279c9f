using System.Diagnostics;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// How far apart two threads are: the time for a cache line to go to another thread and back
/// (one thread writes a number, the other answers with the next). On a desktop CPU that is
/// 50-150 ns; on a virtual machine whose vCPUs the host places on distant cores it can be
/// 500 ns, and it can change from one hour to the next on the same machine. Every step of
/// multi-threaded training moves data between the cores, so figures taken at different
/// distances are not comparable: the benchmark prints this beside them.
/// </summary>
internal static class CoreRoundTrip
{
    private static int s_flag;

    /// <summary>The median round trip in nanoseconds over a few short rounds; null on one core.</summary>
    public static double? MedianNanoseconds(int trips = 20_000, int rounds = 5)
    {
        if (Environment.ProcessorCount < 2)
        {
            return null;
        }

        var results = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            Volatile.Write(ref s_flag, 0);
            var answerer = new Thread(() =>
            {
                for (int i = 0; i < trips; i++)
                {
                    while (Volatile.Read(ref s_flag) != 2 * i + 1) Thread.SpinWait(1);
                    Volatile.Write(ref s_flag, 2 * i + 2);
                }
            }) { IsBackground = true };
            answerer.Start();
            // Let the other thread start spinning before the clock starts.
            Thread.Sleep(5);
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < trips; i++)
            {
                Volatile.Write(ref s_flag, 2 * i + 1);
                while (Volatile.Read(ref s_flag) != 2 * i + 2) Thread.SpinWait(1);
            }

            results[round] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / trips;
            answerer.Join();
        }

        Array.Sort(results);
        return results[rounds / 2];
    }
}
