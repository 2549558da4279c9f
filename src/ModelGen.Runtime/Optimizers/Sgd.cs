using System.Numerics.Tensors;

namespace ModelGen.Optimizers;

/// <summary>Stochastic gradient descent: W ← W − lr·∂L/∂W (chapter 6.1.2).</summary>
public sealed class Sgd(float learningRate = 0.01f) : ElementwiseOptimizer(learningRate)
{
    /// <summary>None: plain gradient descent keeps no state.</summary>
    protected override IReadOnlyList<string> StateNames => [];

    /// <summary>W ← W − lr·g on a slice of one parameter.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
        => TensorPrimitives.MultiplyAdd(gradient, -LearningRate, value, value);
}
