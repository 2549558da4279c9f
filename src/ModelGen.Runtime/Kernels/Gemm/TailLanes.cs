using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The few vector operations the strip driver's tail columns need, on one path's register
/// width; a struct per width, so the JIT compiles the tails once per path with the calls inlined.
/// </summary>
internal unsafe interface ITailLanes<TV>
    where TV : unmanaged
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>p[0..count) with zeros past it (all lanes when count ≥ <see cref="Count"/>).</summary>
    static abstract TV LoadFirst(float* p, int count);

    static abstract TV Broadcast(float value);

    /// <summary>a·b + c.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    static abstract TV Add(TV a, TV b);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TV v);

    static abstract void Store(float* p, TV v);
}

/// <summary>512-bit lanes (AVX-512F).</summary>
internal readonly unsafe struct Lanes512 : ITailLanes<Vector512<float>>
{
    public static int Count => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadFirst(float* p, int count) =>
        count >= 16 ? Vector512.Load(p) : Avx512F.MaskLoad(p, SimdMasks.FirstLanes512(count), Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v) => Vector512.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector512<float> v) => v.Store(p);
}

/// <summary>256-bit lanes (AVX2 with FMA).</summary>
internal readonly unsafe struct Lanes256 : ITailLanes<Vector256<float>>
{
    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadFirst(float* p, int count) =>
        count >= 8 ? Vector256.Load(p) : Avx.MaskLoad(p, SimdMasks.FirstLanes256(count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> v) => Vector256.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector256<float> v) => v.Store(p);
}
