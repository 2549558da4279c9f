using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>The instruction-set paths of the kernels; the tests force each one.</summary>
internal enum GemmPath
{
    /// <summary><see cref="System.Numerics.Vector{T}"/> code that runs anywhere.</summary>
    Portable,

    /// <summary>256-bit AVX2 with FMA.</summary>
    Avx2,

    /// <summary>512-bit AVX-512F.</summary>
    Avx512,
}

/// <summary>Which paths this machine can run, and the one the public API uses.</summary>
internal static class GemmPaths
{
    public static readonly GemmPath Best =
        Avx512F.IsSupported ? GemmPath.Avx512 :
        Avx2.IsSupported && Fma.IsSupported ? GemmPath.Avx2 :
        GemmPath.Portable;

    public static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Avx512 => Avx512F.IsSupported,
        GemmPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    public static int MR(GemmPath path) => path switch
    {
        GemmPath.Avx512 => GemmKernel512.MR,
        GemmPath.Avx2 => GemmKernel256.MR,
        _ => GemmKernelPortable.MR,
    };

    public static int NR(GemmPath path) => path switch
    {
        GemmPath.Avx512 => GemmKernel512.NR,
        GemmPath.Avx2 => GemmKernel256.NR,
        _ => GemmKernelPortable.NR,
    };
}
