using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// Single-threaded elementwise activation kernels on n floats. Each element's result is one
/// fixed expression (no reassociation, no FMA), so the AVX-512, 256-bit and scalar code give
/// the same bits, and so does any split of the range between threads.
/// </summary>
internal static unsafe class ElementwiseKernels
{
    /// <summary>y = ReLU(x) (<see cref="ReluMath"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(float* x, float* y, nint n)
    {
        nint i = 0;
        if (Avx512F.IsSupported)
        {
            // Four vectors per step keep several loads in flight: the pass is memory-bound.
            for (; i + 64 <= n; i += 64)
            {
                var a = Vector512.Load(x + i);
                var b = Vector512.Load(x + i + 16);
                var c = Vector512.Load(x + i + 32);
                var d = Vector512.Load(x + i + 48);
                ReluMath.Forward(a).Store(y + i);
                ReluMath.Forward(b).Store(y + i + 16);
                ReluMath.Forward(c).Store(y + i + 32);
                ReluMath.Forward(d).Store(y + i + 48);
            }

            for (; i < n; i += 16)
            {
                var mask = SimdMasks.FirstLanes512((int)Math.Min(16, n - i));
                Avx512F.MaskStore(y + i, mask, ReluMath.Forward(Avx512F.MaskLoad(x + i, mask, Vector512<float>.Zero)));
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                ReluMath.Forward(Vector256.Load(x + i)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] = ReluMath.Forward(x[i]);
        }
    }

    /// <summary>dx = dy where y &gt; 0, else 0 (<see cref="ReluMath"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(float* y, float* dy, float* dx, nint n)
    {
        nint i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i + 32 <= n; i += 32)
            {
                var y0 = Vector512.Load(y + i);
                var y1 = Vector512.Load(y + i + 16);
                var g0 = Vector512.Load(dy + i);
                var g1 = Vector512.Load(dy + i + 16);
                ReluMath.Gate(y0, g0).Store(dx + i);
                ReluMath.Gate(y1, g1).Store(dx + i + 16);
            }

            for (; i < n; i += 16)
            {
                var mask = SimdMasks.FirstLanes512((int)Math.Min(16, n - i));
                var v = ReluMath.Gate(Avx512F.MaskLoad(y + i, mask, Vector512<float>.Zero), Avx512F.MaskLoad(dy + i, mask, Vector512<float>.Zero));
                Avx512F.MaskStore(dx + i, mask, v);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                ReluMath.Gate(Vector256.Load(y + i), Vector256.Load(dy + i)).Store(dx + i);
            }
        }

        for (; i < n; i++)
        {
            dx[i] = ReluMath.Gate(y[i], dy[i]);
        }
    }

    /// <summary>dx = dy · y · (1 − y), evaluated left to right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(float* y, float* dy, float* dx, nint n)
    {
        nint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector512.Load(y + i);
                (Vector512.Load(dy + i) * v * (one - v)).Store(dx + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.Load(y + i);
                (Vector256.Load(dy + i) * v * (one - v)).Store(dx + i);
            }
        }

        for (; i < n; i++)
        {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    /// <summary>dx = dy · (1 − y · y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(float* y, float* dy, float* dx, nint n)
    {
        nint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector512.Load(y + i);
                (Vector512.Load(dy + i) * (one - v * v)).Store(dx + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.Load(y + i);
                (Vector256.Load(dy + i) * (one - v * v)).Store(dx + i);
            }
        }

        for (; i < n; i++)
        {
            dx[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }
}
