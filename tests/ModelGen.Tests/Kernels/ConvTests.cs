using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public class ConvTests
{
    public static TheoryData<string> Paths => GemmTests.Paths;

    // (C, H, W, F, K, S, P): strides 1/2, pads 0/1/2, kernels 1/3/5, channels 1/3, odd sizes,
    // and the DeepConvNet layers. On AVX-512, stride-1 layers with many filters on small images
    // (conv5/conv6, 1x5x5 with pad 2...) use packed panels and the others the wide grid; the
    // two very narrow shapes cannot use panels at all.
    internal static readonly ConvShape[] Shapes =
    [
        new(1, 5, 5, 2, 3, 1, 0), new(3, 7, 6, 5, 3, 1, 1), new(1, 9, 9, 3, 5, 1, 2), new(3, 8, 8, 4, 1, 1, 0),
        new(3, 9, 7, 4, 3, 2, 1), new(1, 10, 10, 3, 5, 2, 2), new(3, 6, 6, 17, 3, 1, 2), new(2, 5, 5, 3, 1, 1, 1),
        new(3, 11, 13, 9, 5, 1, 0), new(1, 12, 12, 33, 3, 2, 0), new(3, 4, 4, 2, 3, 1, 2),
        new(2, 9, 1, 3, 3, 1, 1), new(1, 20, 2, 4, 5, 1, 2), // too narrow for packed panels: the wide path
        new(4, 7, 7, 24, 3, 1, 1), new(24, 5, 5, 8, 3, 1, 1), // panels with a ragged last panel (forward; input gradient)
        new(1, 28, 28, 16, 3, 1, 1), new(16, 28, 28, 16, 3, 1, 1), new(16, 14, 14, 32, 3, 1, 1),
        new(32, 14, 14, 32, 3, 1, 2), new(32, 8, 8, 64, 3, 1, 1), new(64, 8, 8, 64, 3, 1, 1),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_matches_direct_convolution(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return; // Not on this machine.
        }

        int seed = 10;
        foreach (ConvShape s in Shapes)
        {
            const int batch = 3, count = 2; // count < batch: only the first images are touched
            float[] x = Reference.Random(batch * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] b = Reference.Random(s.Filters, seed++);
            float[] y = new float[batch * s.OutputSize];
            Array.Fill(y, 7f);
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
            Conv2D.Forward(path, x, w, b, y, workspace, s, count);
            var (expected, abs) = ConvReference.Forward(s, x, w, b, count);
            Reference.AssertClose(y.AsSpan(0, count * s.OutputSize), expected, abs, s.PatchSize, $"{path} {s}");
            Assert.All(y.AsSpan(count * s.OutputSize).ToArray(), v => Assert.Equal(7f, v));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Backward_matches_the_reference_gradients(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 50;
        foreach (ConvShape s in Shapes)
        {
            foreach (int count in new[] { 1, 3, 11 })
            {
                if (count == 11 && s.Channels * s.Height > 200)
                {
                    continue; // Keep the big layers quick: 1 and 3 images cover them.
                }

                CheckBackward(path, s, count, withInputGradient: true, seed);
                seed += 5;
            }

            CheckBackward(path, s, 2, withInputGradient: false, seed++);
        }
    }

    private static void CheckBackward(GemmPath path, ConvShape s, int count, bool withInputGradient, int seed)
    {
        int batch = count + 1;
        float[] x = Reference.Random(batch * s.InputSize, seed);
        float[] w = Reference.Random(s.WeightSize, seed + 1);
        float[] dy = Reference.Random(batch * s.OutputSize, seed + 2);
        float[] dw = Reference.Random(s.WeightSize, seed + 3); // garbage: must be overwritten
        float[] db = Reference.Random(s.Filters, seed + 4);
        float[] dx = withInputGradient ? Reference.Random(batch * s.InputSize, seed + 5) : [];
        float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
        Conv2D.Backward(path, x, w, dy, dw, db, dx, workspace, s, count);
        var r = ConvReference.Backward(s, x, w, dy, count);
        // Sums over up to count·OH·OW terms, plus up to 8 chunk partial sums added at the end.
        int positions = count * s.OutHeight * s.OutWidth;
        string context = $"{path} {s} count={count}";
        Reference.AssertClose(dw, r.DW, r.DWAbs, positions + 8, context + " dW");
        Reference.AssertClose(db, r.DB, r.DBAbs, positions + 8, context + " db");
        if (withInputGradient)
        {
            Reference.AssertClose(dx.AsSpan(0, count * s.InputSize), r.DX, r.DXAbs, s.Filters * s.KernelSize * s.KernelSize, context + " dx");
        }
    }

    [Fact]
    public void Reference_backward_matches_central_differences()
    {
        // The reference gradients above are checked here against the numerical derivative of
        // L = Σ y·R in double, so the kernel tests rest on something independent.
        foreach (ConvShape s in new ConvShape[] { new(2, 5, 6, 3, 3, 1, 1), new(1, 7, 7, 2, 3, 2, 2), new(2, 4, 4, 2, 1, 1, 0) })
        {
            const int count = 2;
            float[] x = Reference.Random(count * s.InputSize, 1);
            float[] w = Reference.Random(s.WeightSize, 2);
            float[] b = Reference.Random(s.Filters, 3);
            float[] rr = Reference.Random(count * s.OutputSize, 4);
            var g = ConvReference.Backward(s, x, w, rr, count);
            CheckNumeric(w, g.DW, () => ConvReference.Loss(s, x, w, b, rr, count));
            CheckNumeric(b, g.DB, () => ConvReference.Loss(s, x, w, b, rr, count));
            CheckNumeric(x, g.DX, () => ConvReference.Loss(s, x, w, b, rr, count));
        }
    }

    private static void CheckNumeric(float[] parameter, double[] gradient, Func<double> loss)
    {
        // The loss is linear in each parameter, so the central difference is exact up to double
        // rounding once it divides by the step actually taken (x ± h rounds to float32).
        const float h = 1f / 64;
        for (int i = 0; i < parameter.Length; i++)
        {
            float saved = parameter[i];
            float up = saved + h, down = saved - h;
            parameter[i] = up;
            double plus = loss();
            parameter[i] = down;
            double minus = loss();
            parameter[i] = saved;
            double numeric = (plus - minus) / ((double)up - down);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-9 * (1 + Math.Abs(gradient[i])), $"element {i}: numeric {numeric}, analytic {gradient[i]}");
        }
    }

    [Fact]
    public void Bad_lengths_throw_ArgumentException()
    {
        var s = new ConvShape(2, 6, 6, 3, 3, 1, 1);
        float[] x = new float[2 * s.InputSize], w = new float[s.WeightSize], b = new float[3], y = new float[2 * s.OutputSize];
        float[] ws = new float[Conv2D.WorkspaceSize(s, 2)];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Conv2D.Forward(x.AsSpan(1), w, b, y, ws, s, 2)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, w.AsSpan(1), b, y, ws, s, 2)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, w, b.AsSpan(1), y, ws, s, 2)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, w, b, y.AsSpan(1), ws, s, 2)).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, w, b, y, ws.AsSpan(0, 10), s, 2)).ParamName);
        Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => Conv2D.Backward(x, w, y, w.ToArray(), b.ToArray(), new float[5], ws, s, 2)).ParamName);
        Assert.Equal("weightGradient", Assert.Throws<ArgumentException>(() => Conv2D.Backward(x, w, y, new float[1], b.ToArray(), default, ws, s, 2)).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => Conv2D.Forward(x, w, b, y, ws, s with { KernelSize = 9 }, 2));
        Assert.ThrowsAny<ArgumentException>(() => Conv2D.Forward(x, w, b, y, ws, s, 0));
    }

    [Fact]
    public void Shape_sizes_follow_the_book()
    {
        var s = new ConvShape(32, 14, 14, 32, 3, 1, 2);
        Assert.Equal(16, s.OutHeight);
        Assert.Equal(16, s.OutWidth);
        Assert.Equal(288, s.PatchSize);
        Assert.Equal(4, new ConvShape(1, 9, 9, 1, 3, 2, 0).OutWidth);
    }
}
