using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>
/// The one definition of ReLU and its gate that every kernel uses, so fused and separate passes
/// give the same bits. Forward: x ≤ 0 (either zero) becomes +0, anything else (NaN included)
/// passes, which is IEEE maximum(x, 0) as TensorPrimitives.Max computes it. Backward: the
/// gradient passes where the forward output y &gt; 0, else +0 (NaN y blocks it).
/// </summary>
internal static class ReluMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Forward(float x) => x <= 0f ? 0f : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Forward(Vector512<float> x) => Vector512.AndNot(x, Vector512.LessThanOrEqual(x, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Forward(Vector256<float> x) => Vector256.AndNot(x, Vector256.LessThanOrEqual(x, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Forward(Vector<float> x) => Vector.AndNot(x, Vector.LessThanOrEqual(x, Vector<float>.Zero).As<int, float>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gate(float y, float dy) => y > 0f ? dy : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gate(Vector512<float> y, Vector512<float> dy) => dy & Vector512.GreaterThan(y, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gate(Vector256<float> y, Vector256<float> dy) => dy & Vector256.GreaterThan(y, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Gate(Vector<float> y, Vector<float> dy) => dy & Vector.GreaterThan(y, Vector<float>.Zero).As<int, float>();
}
