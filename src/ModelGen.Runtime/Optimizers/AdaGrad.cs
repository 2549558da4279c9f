namespace ModelGen.Optimizers;

/// <summary>AdaGrad (chapter 6.1.5): h ← h + g²; W ← W − lr·g / (√h + 1e-7).</summary>
public sealed class AdaGrad(float learningRate = 0.01f) : ElementwiseOptimizer(learningRate)
{
    /// <summary>One state array per parameter: "h", the running sum of squared gradients.</summary>
    protected override IReadOnlyList<string> StateNames => ["h"];

    /// <summary>One AdaGrad step on a slice of one parameter; state[0] is h.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
    {
        var h = state[0].AsSpan(offset, value.Length);
        float lr = LearningRate;
        for (int i = 0; i < value.Length; i++)
        {
            float g = Subnormals.Flush(gradient[i], Subnormals.TinyGradient);
            h[i] += g * g;
            value[i] -= lr * g / (MathF.Sqrt(h[i]) + 1e-7f);
        }
    }
}
