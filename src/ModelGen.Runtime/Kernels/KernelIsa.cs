using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Which instruction-set path the kernels take in this process, for benchmarks and logs. The
/// runtime picks the widest path the JIT reports: AVX-512, then AVX2 with FMA, then the
/// portable <see cref="Vector{T}"/> code. Environment switches of the .NET runtime narrow it:
/// <c>DOTNET_EnableAVX512=0</c> gives the AVX2 path (on .NET 10, <c>DOTNET_EnableAVX512F=0</c>
/// alone no longer turns AVX-512 off), <c>DOTNET_EnableAVX2=0</c> the portable path with
/// 128-bit vectors (the width Arm's NEON has), and <c>DOTNET_EnableHWIntrinsic=0</c> the
/// portable path with no hardware vectors at all.
/// </summary>
public static class KernelIsa
{
    /// <summary>"avx512", "avx2", "portable" (Vector&lt;T&gt; in hardware) or "scalar" (no SIMD).</summary>
    public static string Path => GemmPaths.Best switch
    {
        GemmPath.Avx512 => "avx512",
        GemmPath.Avx2 => "avx2",
        _ => Vector.IsHardwareAccelerated ? "portable" : "scalar",
    };

    /// <summary>The path in words, with its GEMM tiles (and the dense layers' strips where they differ) and vector width.</summary>
    public static string Description => $"{PathInWords}, {GemmPaths.MR(GemmPaths.Best)}x{GemmPaths.NR(GemmPaths.Best)} GEMM tiles{Strips}";

    private static string Strips => GemmPaths.Best == GemmPath.Avx512
        ? $" ({GemmKernel512Wide.MR}x{GemmKernel512Wide.NR} for dense layers)"
        : "";

    private static string PathInWords => GemmPaths.Best switch
    {
        GemmPath.Avx512 => "AVX-512",
        GemmPath.Avx2 => "AVX2 + FMA",
        _ => Vector.IsHardwareAccelerated
            ? $"portable Vector<T> ({Vector<float>.Count * 32}-bit)"
            : "portable Vector<T> without hardware acceleration (scalar)",
    };
}
