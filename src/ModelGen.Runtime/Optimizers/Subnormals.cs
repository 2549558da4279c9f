using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// Keeps optimizer state out of the subnormal range, where x86 arithmetic is about a hundred
/// times slower. State that decays geometrically once a unit stops receiving gradient (Adam's
/// m, momentum's velocity, RMSprop's average) would otherwise crawl through it for hundreds of
/// steps; it goes to zero instead. The thresholds sit so far below any weight's last bit that
/// no weight can tell the difference.
/// </summary>
internal static class Subnormals
{
    /// <summary>Gradients below this are treated as zero: their squares would be subnormal.</summary>
    public const float TinyGradient = 1e-18f;

    /// <summary>Decaying state below this is set to zero before it turns subnormal.</summary>
    public const float TinyState = 1e-30f;

    public static float Flush(float x, float limit) => MathF.Abs(x) < limit ? 0f : x;

    public static Vector<float> Flush(Vector<float> x, Vector<float> limit) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), limit), Vector<float>.Zero, x);
}
