using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// Adam (chapter 6.1.6) in the book's form: m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v);
/// W ← W − lr_t·m / (√v + 1e-7) with the bias correction lr_t = lr·√(1 − β2^t) / (1 − β1^t).
/// </summary>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f) : Optimizer(learningRate)
{
    public float Beta1 { get; } = beta1;

    public float Beta2 { get; } = beta2;

    protected override IReadOnlyList<string> StateNames => ["m", "v"];

    protected override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
    {
        float[] m = state[0], v = state[1];
        float b1 = Beta1, b2 = Beta2;
        float lrT = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(b2, Steps)) / (1 - Math.Pow(b1, Steps)));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations in the same order as the scalar loop below, a vector at a time.
            var oneMinusB1 = new Vector<float>(1 - b1);
            var oneMinusB2 = new Vector<float>(1 - b2);
            var rate = new Vector<float>(lrT);
            var epsilon = new Vector<float>(1e-7f);
            for (; i <= value.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(gradient[i..]);
                var mi = new Vector<float>(m, i);
                var vi = new Vector<float>(v, i);
                mi += oneMinusB1 * (g - mi);
                vi += oneMinusB2 * (g * g - vi);
                mi.CopyTo(m, i);
                vi.CopyTo(v, i);
                (new Vector<float>(value[i..]) - rate * mi / (Vector.SquareRoot(vi) + epsilon)).CopyTo(value[i..]);
            }
        }
        for (; i < value.Length; i++)
        {
            float g = gradient[i];
            m[i] += (1 - b1) * (g - m[i]);
            v[i] += (1 - b2) * (g * g - v[i]);
            value[i] -= lrT * m[i] / (MathF.Sqrt(v[i]) + 1e-7f);
        }
    }
}
