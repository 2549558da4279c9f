using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Conv2D with a fused ReLU gives the same bits as the separate passes: Forward(Relu) =
/// Relu(Forward), and Backward(reluOutput: y) = Backward of ReluBackward(y, dY), with dY untouched.
/// </summary>
public class ConvFusionTests
{
    public static TheoryData<string> Paths => GemmTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_forward_equals_relu_of_the_unfused_forward(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 100;
        foreach (ConvShape s in ConvTests.Shapes)
        {
            const int batch = 4, count = 3; // count < batch: the last image is not touched
            float[] x = Reference.Random(batch * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] b = Reference.Random(s.Filters, seed++);
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
            float[] plain = new float[batch * s.OutputSize];
            float[] fused = new float[batch * s.OutputSize];
            Array.Fill(fused, 7f);
            Conv2D.Forward(path, x, w, b, plain, workspace, s, count);
            Conv2D.Forward(path, x, w, b, fused, workspace, s, count, FusedActivation.Relu);
            float[] expected = new float[count * s.OutputSize];
            Activations.Relu(plain.AsSpan(0, expected.Length), expected);
            Assert.True(expected.Contains(0f) && expected.Any(v => v > 0), $"{s}: the data should exercise both sides of ReLU");
            Reference.AssertBits(expected, fused.AsSpan(0, expected.Length), $"{path} {s}");
            Assert.All(fused.AsSpan(expected.Length).ToArray(), v => Assert.Equal(7f, v));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_backward_equals_the_unfused_backward_of_the_gated_gradient(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 300;
        foreach (ConvShape s in ConvTests.Shapes)
        {
            foreach (int count in new[] { 1, 5 })
            {
                CheckBackward(path, s, count, withInputGradient: true, seed);
                seed += 4;
            }

            CheckBackward(path, s, 2, withInputGradient: false, seed);
            seed += 4;
        }
    }

    private static void CheckBackward(GemmPath path, ConvShape s, int count, bool withInputGradient, int seed)
    {
        int batch = count + 1;
        string context = $"{path} {s} count={count}";
        float[] x = Reference.Random(batch * s.InputSize, seed);
        float[] w = Reference.Random(s.WeightSize, seed + 1);
        float[] b = Reference.Random(s.Filters, seed + 2);
        float[] dy = Reference.Random(batch * s.OutputSize, seed + 3);
        float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
        float[] y = new float[batch * s.OutputSize];
        Conv2D.Forward(path, x, w, b, y, workspace, s, batch, FusedActivation.Relu);
        float[] dySaved = dy.ToArray(), ySaved = y.ToArray();

        float[] gated = new float[dy.Length];
        Activations.ReluBackward(y, dy, gated);
        var expected = Run(path, s, count, withInputGradient, x, w, gated, default, workspace);
        var actual = Run(path, s, count, withInputGradient, x, w, dy, y, workspace);

        Reference.AssertBits(expected.DW, actual.DW, context + " dW");
        Reference.AssertBits(expected.DB, actual.DB, context + " db");
        Reference.AssertBits(expected.DX, actual.DX, context + " dx");
        Assert.Equal(dySaved, dy);
        Assert.Equal(ySaved, y);
    }

    private static (float[] DW, float[] DB, float[] DX) Run(GemmPath path, ConvShape s, int count, bool withInputGradient, float[] x, float[] w, float[] dy, float[]? reluOutput, float[] workspace)
    {
        float[] dw = Reference.Random(s.WeightSize, 1); // garbage: must be overwritten
        float[] db = Reference.Random(s.Filters, 2);
        float[] dx = withInputGradient ? Reference.Random(x.Length, 3) : [];
        Conv2D.Backward(path, x, w, dy, dw, db, dx, workspace, s, count, reluOutput);
        return (dw, db, dx);
    }

    [Fact]
    public void Fused_paths_are_bit_identical_for_any_thread_count()
    {
        var shapes = new[] { new ConvShape(16, 28, 28, 16, 3, 1, 1), new ConvShape(32, 14, 14, 32, 3, 1, 2), new ConvShape(64, 8, 8, 64, 3, 1, 1), new ConvShape(3, 11, 11, 5, 3, 2, 1) };
        foreach (ConvShape s in shapes)
        {
            const int batch = 13;
            float[] x = Reference.Random(batch * s.InputSize, 1), w = Reference.Random(s.WeightSize, 2);
            float[] b = Reference.Random(s.Filters, 3), dy = Reference.Random(batch * s.OutputSize, 4);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var result = KernelThreadsTests.WithThreads(threads, () =>
                {
                    float[] ws = new float[Conv2D.WorkspaceSize(s, batch)];
                    float[] y = new float[batch * s.OutputSize], dw = new float[s.WeightSize], db = new float[s.Filters], dx = new float[batch * s.InputSize];
                    Conv2D.Forward(x, w, b, y, ws, s, batch, FusedActivation.Relu);
                    Conv2D.Backward(x, w, dy, dw, db, dx, ws, s, batch, y);
                    return y.Concat(dw).Concat(db).Concat(dx).ToArray();
                });
                first ??= result;
                Assert.Equal(first, result);
            }
        }
    }

    [Fact]
    public void Calls_read_nothing_an_earlier_call_left_in_the_workspace()
    {
        // What lets a network share one workspace between all its conv layers: each call
        // rebuilds everything it reads, so a workspace full of NaN (another layer's leftovers)
        // gives the same bits as one that the same layer's Forward has just used.
        foreach (ConvShape s in new ConvShape[] { new(16, 28, 28, 16, 3, 1, 1), new(32, 14, 14, 32, 3, 1, 2), new(64, 8, 8, 64, 3, 1, 1), new(3, 11, 11, 5, 3, 2, 1), new(3, 6, 6, 17, 3, 1, 3) })
        {
            const int batch = 5;
            float[] x = Reference.Random(batch * s.InputSize, 1), w = Reference.Random(s.WeightSize, 2);
            float[] b = Reference.Random(s.Filters, 3), dy = Reference.Random(batch * s.OutputSize, 4);
            float[] ws = new float[Conv2D.WorkspaceSize(s, batch)];
            float[] y1 = new float[dy.Length], y2 = new float[dy.Length];
            float[] dw1 = new float[s.WeightSize], db1 = new float[s.Filters], dx1 = new float[x.Length];
            float[] dw2 = new float[s.WeightSize], db2 = new float[s.Filters], dx2 = new float[x.Length];
            Conv2D.Forward(x, w, b, y1, ws, s, batch, FusedActivation.Relu);
            Conv2D.Backward(x, w, dy, dw1, db1, dx1, ws, s, batch, y1);
            Array.Fill(ws, float.NaN);
            Conv2D.Forward(x, w, b, y2, ws, s, batch, FusedActivation.Relu);
            Array.Fill(ws, float.NaN);
            Conv2D.Backward(x, w, dy, dw2, db2, dx2, ws, s, batch, y2);
            Assert.Equal(y1, y2);
            Assert.Equal(dw1, dw2);
            Assert.Equal(db1, db2);
            Assert.Equal(dx1, dx2);
        }
    }

    [Fact]
    public void A_short_relu_output_or_an_unknown_activation_throws()
    {
        var s = new ConvShape(2, 6, 6, 3, 3, 1, 1);
        float[] x = new float[2 * s.InputSize], w = new float[s.WeightSize], b = new float[3], y = new float[2 * s.OutputSize];
        float[] ws = new float[Conv2D.WorkspaceSize(s, 2)];
        Assert.Equal("reluOutput", Assert.Throws<ArgumentException>(() => Conv2D.Backward(x, w, y, w.ToArray(), b.ToArray(), x.ToArray(), ws, s, 2, y.AsSpan(1))).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2D.Forward(x, w, b, y, ws, s, 2, (FusedActivation)7)).ParamName);
    }
}
