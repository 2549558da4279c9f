using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>Tests that change <see cref="KernelThreads.ThreadCount"/> or count allocations run alone.</summary>
[CollectionDefinition(nameof(KernelThreadsCollection), DisableParallelization = true)]
public class KernelThreadsCollection;

[Collection(nameof(KernelThreadsCollection))]
public class KernelThreadsTests
{
    [Fact]
    public void Gemm_results_are_bit_identical_for_any_thread_count()
    {
        foreach (var (m, k, n) in new[] { (100, 784, 50), (784, 100, 50), (100, 50, 1024), (64, 576, 64), (16, 144, 784), (300, 300, 300), (33, 700, 129), (333, 200, 100), (100, 4320, 100) })
        {
            float[] a = Reference.Random(m * k, m), b = Reference.Random(k * n, n);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3, 5 })
            {
                var c = WithThreads(threads, () =>
                {
                    float[] c1 = new float[m * n], c2 = new float[m * n], c3 = new float[m * n], c4 = new float[m * n], copy = new float[m * k];
                    Gemm.Multiply(a, b, c1, m, k, n);
                    Gemm.MultiplyTransposeA(a, b, c2, m, k, n); // a reread as k x m
                    Gemm.MultiplyTransposeB(a, b, c3, m, k, n); // b reread as n x k
                    Gemm.MultiplyAndCopyA(a, b, c4, copy, m, k, n);
                    Assert.Equal(c1, c4);
                    Assert.Equal(a, copy);
                    return c1.Concat(c2).Concat(c3).ToArray();
                });
                first ??= c;
                Assert.Equal(first, c); // exact equality, not a tolerance
            }
        }
    }

    [Fact]
    public void Conv_and_pooling_results_are_bit_identical_for_any_thread_count()
    {
        var shapes = new[] { new ConvShape(16, 28, 28, 16, 3, 1, 1), new ConvShape(32, 14, 14, 32, 3, 1, 2), new ConvShape(3, 11, 11, 5, 3, 2, 1) };
        foreach (ConvShape s in shapes)
        {
            const int batch = 13;
            float[] x = Reference.Random(batch * s.InputSize, 1), w = Reference.Random(s.WeightSize, 2);
            float[] b = Reference.Random(s.Filters, 3), dy = Reference.Random(batch * s.OutputSize, 4);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var result = WithThreads(threads, () =>
                {
                    float[] ws = new float[Conv2D.WorkspaceSize(s, batch)];
                    float[] y = new float[batch * s.OutputSize], dw = new float[s.WeightSize], db = new float[s.Filters], dx = new float[batch * s.InputSize];
                    Conv2D.Forward(x, w, b, y, ws, s, batch);
                    Conv2D.Backward(x, w, dy, dw, db, dx, ws, s, batch);
                    var p = new PoolShape(s.Filters, s.OutHeight, s.OutWidth, 2, 2);
                    float[] py = new float[batch * p.OutputSize];
                    int[] am = new int[py.Length];
                    Pooling.MaxForward(y, py, am, p, batch);
                    float[] pdx = new float[batch * p.InputSize];
                    Pooling.MaxBackward(py, am, pdx, p, batch);
                    return y.Concat(dw).Concat(db).Concat(dx).Concat(py).Concat(pdx).ToArray();
                });
                first ??= result;
                Assert.Equal(first, result);
            }
        }
    }

    [Fact]
    public void Images_split_across_threads_by_out_channels_give_the_bits_of_one_thread()
    {
        // Fewer images than threads: each Winograd image is cut into parts by row tiles of out
        // channels (ConvForwardJob.PartsPerImage), with and without a fused max pool. Row tile
        // counts that the thread counts do not divide (3 and 11 on AVX2, 2 and 8 on AVX-512).
        var shapes = new[] { new ConvShape(16, 28, 28, 16, 3, 1, 1), new ConvShape(32, 14, 14, 32, 3, 1, 2), new ConvShape(64, 8, 8, 64, 3, 1, 1) };
        GemmPath path = GemmPaths.Best;
        foreach (ConvShape s in shapes)
        {
            var plan = new ConvPlan(s, path, 1, WinogradMode.Always);
            if (!plan.WinogradForward)
            {
                return; // the portable path has no Winograd, and so no parts
            }

            var pool = new PoolShape(s.Filters, s.OutHeight, s.OutWidth, 2, 2);
            foreach (int count in new[] { 1, 2 })
            {
                float[] x = Reference.Random(count * s.InputSize, 11), w = Reference.Random(s.WeightSize, 12), b = Reference.Random(s.Filters, 13);
                float[]? first = null;
                foreach (int threads in new[] { 1, 2, 3, 5 })
                {
                    var result = WithThreads(threads, () =>
                    {
                        Assert.Equal(threads > count ? Math.Min(plan.WF.OutRows / plan.MR, (threads + count - 1) / count) : 1, ConvForwardJob.PartsPerImage(plan, count));
                        float[] ws = new float[Conv2D.WorkspaceSize(path, s, count)];
                        float[] y = new float[count * s.OutputSize], pooled = new float[count * pool.OutputSize];
                        int[] argmax = new int[pooled.Length];
                        Conv2D.Forward(path, x, w, b, y, ws, s, count, FusedActivation.Relu, WinogradMode.Always);
                        Conv2D.ForwardMaxPool(path, x, w, b, pooled, argmax, ws, s, pool, count, FusedActivation.Relu, WinogradMode.Always);
                        return y.Concat(pooled).Concat(argmax.Select(i => (float)i)).ToArray();
                    });
                    first ??= result;
                    Assert.Equal(first, result);
                }
            }
        }
    }

    [Fact]
    public void Narrow_max_pooling_over_many_chunks_matches_the_generic_path_for_any_thread_count()
    {
        // Big enough to be split over threads, so chunk boundaries fall inside the several-pair
        // groups of widths 16 and 8 (odd pair counts per plane make them straddle planes too).
        foreach (var s in new[] { new PoolShape(3, 6, 8, 2, 2), new PoolShape(5, 10, 16, 2, 2), new PoolShape(64, 8, 8, 2, 2), new PoolShape(32, 16, 16, 2, 2) })
        {
            const int count = 97;
            float[] x = Reference.Random(count * s.InputSize, s.Channels);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = MathF.Round(x[i] * 3); // ties
            }

            float[] dy = Reference.Random(count * s.OutputSize, 5);
            float[] gy = new float[dy.Length], gdx = new float[x.Length];
            int[] ga = new int[dy.Length];
            Pooling.MaxForward(x, gy, ga, s, count, allowFast: false);
            Pooling.MaxBackward(dy, ga, gdx, s, count, allowFast: false);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                WithThreads(threads, () =>
                {
                    float[] y = new float[dy.Length], dx = Reference.Random(x.Length, 6);
                    int[] a = new int[dy.Length];
                    Pooling.MaxForward(x, y, a, s, count);
                    Pooling.MaxBackward(dy, a, dx, s, count);
                    Assert.Equal(gy, y);
                    Assert.Equal(ga, a);
                    Assert.Equal(gdx, dx);
                    return 0;
                });
            }
        }
    }

    [Fact]
    public void A_workspace_sized_for_fewer_threads_still_works()
    {
        var s = new ConvShape(8, 12, 12, 16, 3, 1, 1);
        float[] small = WithThreads(1, () => new float[Conv2D.WorkspaceSize(s, 4)]);
        float[] x = Reference.Random(4 * s.InputSize, 1), w = Reference.Random(s.WeightSize, 2), b = new float[16];
        float[] y1 = new float[4 * s.OutputSize], y2 = new float[y1.Length];
        WithThreads(4, () =>
        {
            Conv2D.Forward(x, w, b, y1, small, s, 4);
            return 0;
        });
        Conv2D.Forward(x, w, b, y2, new float[Conv2D.WorkspaceSize(s, 4)], s, 4);
        Assert.Equal(y2, y1);
    }

    [Fact]
    public void Exceptions_in_workers_reach_the_caller_and_the_pool_keeps_working()
    {
        WithThreads(2, () =>
        {
            var job = new ThrowingJob();
            var e = Assert.Throws<InvalidOperationException>(() => KernelThreads.Run(job, 16, 2));
            Assert.Equal("chunk 11", e.Message);
            Gemm_results_are_bit_identical_for_any_thread_count_smoke();
            return 0;
        });
    }

    [Fact]
    public void Concurrent_callers_neither_deadlock_nor_mix_results()
    {
        WithThreads(2, () =>
        {
            const int m = 64, k = 300, n = 200;
            float[] a = Reference.Random(m * k, 1), b = Reference.Random(k * n, 2);
            float[] expected = new float[m * n];
            Gemm.Multiply(a, b, expected, m, k, n);
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                float[] c = new float[m * n];
                for (int i = 0; i < 50; i++)
                {
                    Gemm.Multiply(a, b, c, m, k, n);
                    Assert.Equal(expected, c);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a caller hung"));
            return 0;
        });
    }

    [Fact]
    public void ThreadCount_rejects_values_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.ThreadCount = 0);
    }

    private static void Gemm_results_are_bit_identical_for_any_thread_count_smoke()
    {
        float[] a = Reference.Random(200 * 200, 1), c = new float[200 * 200];
        Gemm.Multiply(a, a, c, 200, 200, 200);
    }

    internal static T WithThreads<T>(int threads, Func<T> action)
    {
        int saved = KernelThreads.ThreadCount;
        KernelThreads.ThreadCount = threads;
        try
        {
            return action();
        }
        finally
        {
            KernelThreads.ThreadCount = saved;
        }
    }

    private sealed class ThrowingJob : ParallelJob
    {
        public override void Execute(int chunk, int participant)
        {
            if (chunk == 11)
            {
                throw new InvalidOperationException("chunk 11");
            }

            Thread.SpinWait(1000);
        }
    }
}
