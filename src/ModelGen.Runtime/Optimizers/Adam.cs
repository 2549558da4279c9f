using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// Adam (chapter 6.1.6) in the book's form: m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v);
/// W ← W − lr_t·m / (√v + 1e-7) with the bias correction lr_t = lr·√(1 − β2^t) / (1 − β1^t).
/// </summary>
/// <remarks>
/// Values too small to matter are set to zero before they turn subnormal (<see cref="Subnormals"/>):
/// a gradient below 1e-18, and m or v below 1e-30. Where a unit stops receiving gradient, m
/// decays by β1 every step and would spend about 150 steps subnormal: SimpleConvNet's training
/// ran a third slower from its second epoch on. The largest update this drops is
/// lr·1e-30 / 1e-7, some twenty orders of magnitude below a weight's last bit.
/// </remarks>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f) : ElementwiseOptimizer(learningRate)
{
    /// <summary>β1, how slowly the first moment m (the mean gradient) follows the gradient; the book's 0.9.</summary>
    public float Beta1 { get; } = beta1;

    /// <summary>β2, how slowly the second moment v (the mean squared gradient) follows it; the book's 0.999.</summary>
    public float Beta2 { get; } = beta2;

    /// <summary>Two state arrays per parameter: the moments "m" and "v".</summary>
    protected override IReadOnlyList<string> StateNames => ["m", "v"];

    /// <summary>One Adam step on a slice of one parameter, bias-corrected for <see cref="Optimizer.ParameterSteps"/>, this parameter's own count; state[0] is m, state[1] is v.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
    {
        Span<float> m = state[0].AsSpan(offset, value.Length), v = state[1].AsSpan(offset, value.Length);
        float b1 = Beta1, b2 = Beta2;
        float lrT = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(b2, ParameterSteps)) / (1 - Math.Pow(b1, ParameterSteps)));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations in the same order as the scalar loop below, a vector at a time.
            var oneMinusB1 = new Vector<float>(1 - b1);
            var oneMinusB2 = new Vector<float>(1 - b2);
            var rate = new Vector<float>(lrT);
            var epsilon = new Vector<float>(1e-7f);
            var tinyGradient = new Vector<float>(Subnormals.TinyGradient);
            var tinyMoment = new Vector<float>(Subnormals.TinyState);
            for (; i <= value.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = Subnormals.Flush(new Vector<float>(gradient[i..]), tinyGradient);
                var mi = new Vector<float>(m[i..]);
                var vi = new Vector<float>(v[i..]);
                mi = Subnormals.Flush(mi + oneMinusB1 * (g - mi), tinyMoment);
                vi = Subnormals.Flush(vi + oneMinusB2 * (g * g - vi), tinyMoment);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (new Vector<float>(value[i..]) - rate * mi / (Vector.SquareRoot(vi) + epsilon)).CopyTo(value[i..]);
            }
        }
        for (; i < value.Length; i++)
        {
            float g = Subnormals.Flush(gradient[i], Subnormals.TinyGradient);
            m[i] = Subnormals.Flush(m[i] + (1 - b1) * (g - m[i]), Subnormals.TinyState);
            v[i] = Subnormals.Flush(v[i] + (1 - b2) * (g * g - v[i]), Subnormals.TinyState);
            value[i] -= lrT * m[i] / (MathF.Sqrt(v[i]) + 1e-7f);
        }
    }
}
