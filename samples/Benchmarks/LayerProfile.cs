using System.Diagnostics;
using System.Runtime.InteropServices;
using ModelGen.Kernels;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// Where DeepConvNet's time goes: each of its convolution layers' kernel calls (forward with
/// the fused ReLU and pool, weight and input gradients) timed alone at batch 100, with the
/// calls the generated network makes, and each one's GFLOP/s (batch 1 for single-image latency). The profile to read before
/// optimising: the network's step is these calls plus the small dense layers.
/// </summary>
/// <remarks>
/// With one thread every call runs on the calling thread, and the profile reads that thread's
/// CPU time instead of the wall clock: on a shared machine whose load comes and goes, time
/// the thread spent waiting for a core is then not counted. With more threads it is the wall clock.
/// </remarks>
internal static partial class LayerProfile
{
    private sealed record Layer(string Name, ConvShape Shape, bool Pool, bool InputGradient);

    private static readonly Layer[] Layers =
    [
        new("conv1 1->16 28x28", new(1, 28, 28, 16, 3, 1, 1), false, false),
        new("conv2 16->16 28x28 +pool", new(16, 28, 28, 16, 3, 1, 1), true, true),
        new("conv3 16->32 14x14", new(16, 14, 14, 32, 3, 1, 1), false, true),
        new("conv4 32->32 14x14 pad2 +pool", new(32, 14, 14, 32, 3, 1, 2), true, true),
        new("conv5 32->64 8x8", new(32, 8, 8, 64, 3, 1, 1), false, true),
        new("conv6 64->64 8x8 +pool", new(64, 8, 8, 64, 3, 1, 1), true, true),
    ];

    public static int Run(double seconds, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "the batch must hold at least one image");
        string clock = KernelThreads.ThreadCount == 1 ? "thread CPU time" : "wall clock";
        Console.WriteLine($"DeepConvNet layers, batch {batch}, {KernelIsa.Description}, {KernelThreads.ThreadCount} threads; median ms per call ({clock})");
        Console.WriteLine($"{"layer",-32} {"forward",9} {"GFLOP/s",8} {"backward",9} {"GFLOP/s",8}");
        double totalForward = 0, totalBackward = 0;
        var random = new Rng(1);
        foreach (var layer in Layers)
        {
            var s = layer.Shape;
            var pool = new PoolShape(s.Filters, s.OutHeight, s.OutWidth, 2, 2);
            float[] x = Fill(batch * s.InputSize, random);
            float[] w = Fill(s.WeightSize, random, 0.1f);
            float[] b = Fill(s.Filters, random, 0.1f);
            float[] y = new float[batch * s.OutputSize];
            float[] pooled = new float[batch * pool.OutputSize];
            int[] argmax = new int[batch * pool.OutputSize];
            float[] dy = Fill(batch * (layer.Pool ? pool.OutputSize : s.OutputSize), random);
            float[] dw = new float[s.WeightSize];
            float[] db = new float[s.Filters];
            float[] dx = layer.InputGradient ? new float[batch * s.InputSize] : [];
            float[] workspace = new float[Conv2D.WorkspaceSize(s, batch)];

            void Forward()
            {
                if (layer.Pool) Conv2D.ForwardMaxPool(x, w, b, pooled, argmax, workspace, s, pool, batch, FusedActivation.Relu);
                else Conv2D.Forward(x, w, b, y, workspace, s, batch, FusedActivation.Relu);
            }

            void Backward()
            {
                if (layer.Pool) Conv2D.BackwardThroughMaxPool(x, w, dy, argmax, pooled, dw, db, dx, workspace, s, pool, batch);
                else Conv2D.Backward(x, w, dy, dw, db, dx, workspace, s, batch, y);
            }

            double flops = 2.0 * s.Filters * s.PatchSize * s.OutHeight * s.OutWidth * batch;
            double forward = Median(Forward, seconds);
            double backward = Median(Backward, seconds);
            double backwardFlops = flops * (layer.InputGradient ? 2 : 1);
            totalForward += forward;
            totalBackward += backward;
            Console.WriteLine($"{layer.Name,-32} {forward,9:F3} {flops / forward / 1e6,8:F1} {backward,9:F3} {backwardFlops / backward / 1e6,8:F1}");
        }

        Console.WriteLine($"{"convolutions in all",-32} {totalForward,9:F3} {"",8} {totalBackward,9:F3}");
        return 0;
    }

    /// <summary>TwoLayerNet's inference and training calls at batch 100, one at a time (µs per call).</summary>
    public static int RunDense(double seconds)
    {
        const int batch = 100, inputs = 784, hidden = 50, classes = 10;
        string clock = KernelThreads.ThreadCount == 1 ? "thread CPU time" : "wall clock";
        Console.WriteLine($"TwoLayerNet calls, batch {batch}, {KernelIsa.Description}, {KernelThreads.ThreadCount} threads; median µs per call ({clock})");
        var random = new Rng(2);
        float[] x = Fill(batch * inputs, random), copy = new float[x.Length];
        float[] w1 = Fill(inputs * hidden, random, 0.01f), b1 = Fill(hidden, random), w2 = Fill(hidden * classes, random, 0.1f), b2 = Fill(classes, random);
        float[] h = new float[batch * hidden], r = new float[h.Length], o = new float[batch * classes];
        float[] dw1 = new float[w1.Length], dh = Fill(h.Length, random), dw2 = new float[w2.Length], dr = new float[r.Length];
        float[] dOut = new float[o.Length], db1 = new float[b1.Length];
        int[] labels = Enumerable.Range(0, batch).Select(i => i % classes).ToArray();
        var parameters = new[] { new Parameter("W1", [inputs, hidden], w1, dw1), new Parameter("b1", [hidden], b1, db1), new Parameter("W2", [hidden, classes], w2, dw2), new Parameter("b2", [classes], b2, new float[classes]) };
        var sgd = new ModelGen.Optimizers.Sgd(1e-20f); // steps far below the weights' rounding: they stay as they are
        (string Name, Action Call, double Flops)[] calls =
        [
            ("copy the input (Forward)", () => x.AsSpan().CopyTo(copy), 0),
            ("x·W1 (100x784 · 784x50)", () => Gemm.Multiply(x, w1, h, batch, inputs, hidden), 2.0 * batch * inputs * hidden),
            ("+ b1", () => Bias.Add(h, b1, batch, hidden), 0),
            ("ReLU", () => Activations.Relu(h, r), 0),
            ("r·W2 (100x50 · 50x10)", () => Gemm.Multiply(r, w2, o, batch, hidden, classes), 2.0 * batch * hidden * classes),
            ("+ b2", () => Bias.Add(o, b2, batch, classes), 0),
            ("dW2 = rᵀ·dy (50x100 · 100x10)", () => Gemm.MultiplyTransposeA(r, o, dw2, hidden, batch, classes), 2.0 * batch * hidden * classes),
            ("dr = dy·W2ᵀ (100x10 · 10x50)", () => Gemm.MultiplyTransposeB(o, w2, dr, batch, classes, hidden), 2.0 * batch * hidden * classes),
            ("softmax cross-entropy backward", () => Losses.SoftmaxCrossEntropyBackward(o, labels, dOut, batch, classes), 0),
            ("ReLU backward", () => Activations.ReluBackward(r, dr, dh), 0),
            ("db1 = Σ dh", () => Bias.Gradient(dh, db1, batch, hidden), 0),
            ("dW1 = xᵀ·dh (784x100 · 100x50)", () => Gemm.MultiplyTransposeA(x, dh, dw1, inputs, batch, hidden), 2.0 * batch * inputs * hidden),
            ("SGD update (39,760 parameters)", () => sgd.Update(parameters), 0),
        ];
        double total = 0;
        foreach (var (name, call, flops) in calls)
        {
            double ms = Median(call, seconds / calls.Length);
            total += ms;
            Console.WriteLine($"{name,-34} {ms * 1000,9:F2} µs{(flops > 0 ? $"  {flops / ms / 1e6,7:F1} GFLOP/s" : "")}");
        }

        Console.WriteLine($"{"all of the above",-34} {total * 1000,9:F2} µs");
        return 0;
    }

    private static float[] Fill(int n, Rng random, float scale = 1f)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (random.NextFloat() - 0.5f) * 2 * scale;
        return a;
    }

    /// <summary>The median of individually timed calls, in milliseconds, after a warm-up.</summary>
    /// <remarks>
    /// The warm-up runs long enough for the JIT to recompile the code at full optimisation
    /// (tiered compilation first runs small methods unoptimised, and promotes them after 30
    /// calls and a 100 ms quiet period): five calls left Bias.Add at 4 µs instead of 0.4.
    /// </remarks>
    private static double Median(Action call, double seconds)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 50 || warm.Elapsed.TotalSeconds < 0.3; i++) call();
        bool cpuTime = KernelThreads.ThreadCount == 1;
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (times.Count < 9 || clock.Elapsed.TotalSeconds < seconds)
        {
            long start = Stopwatch.GetTimestamp();
            double cpuStart = cpuTime ? ThreadCpuMilliseconds() : 0;
            call();
            times.Add(cpuTime ? ThreadCpuMilliseconds() - cpuStart : Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>This thread's CPU time in milliseconds (Linux: CLOCK_THREAD_CPUTIME_ID).</summary>
    private static double ThreadCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
        ClockGetTime(ThreadCpuClock, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
