using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>Lane masks for masked loads and stores at the ragged ends of rows.</summary>
internal static class SimdMasks
{
    /// <summary>All bits set in lanes [0, n), clear elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FirstLanes512(int n) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();

    /// <summary>All bits set in lanes [0, n), clear elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FirstLanes256(int n) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).AsSingle();
}
