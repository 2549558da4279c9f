using System.Numerics.Tensors;

namespace ModelGen.Optimizers;

/// <summary>Stochastic gradient descent: W ← W − lr·∂L/∂W (chapter 6.1.2).</summary>
public sealed class Sgd(float learningRate = 0.01f) : Optimizer(learningRate)
{
    /// <summary>None: plain gradient descent keeps no state.</summary>
    protected override IReadOnlyList<string> StateNames => [];

    /// <summary>W ← W − lr·g on one parameter.</summary>
    protected override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
        => TensorPrimitives.MultiplyAdd(gradient, -LearningRate, value, value);
}
