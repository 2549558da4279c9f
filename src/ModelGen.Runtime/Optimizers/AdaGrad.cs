namespace ModelGen.Optimizers;

/// <summary>AdaGrad (chapter 6.1.5): h ← h + g²; W ← W − lr·g / (√h + 1e-7).</summary>
public sealed class AdaGrad(float learningRate = 0.01f) : Optimizer(learningRate)
{
    protected override IReadOnlyList<string> StateNames => ["h"];

    protected override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
    {
        var h = state[0];
        float lr = LearningRate;
        for (int i = 0; i < value.Length; i++)
        {
            float g = Subnormals.Flush(gradient[i], Subnormals.TinyGradient);
            h[i] += g * g;
            value[i] -= lr * g / (MathF.Sqrt(h[i]) + 1e-7f);
        }
    }
}
