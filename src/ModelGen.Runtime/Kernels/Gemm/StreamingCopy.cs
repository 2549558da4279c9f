using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// Copies with non-temporal stores: the copy goes to memory without first reading the target's
/// cache lines and without evicting the data the kernels are working on. For copies that are
/// written now and read, if ever, much later (the input a forward pass keeps for a backward
/// pass that inference never runs).
/// </summary>
internal static unsafe class StreamingCopy
{
    /// <summary>
    /// Copies smaller than this many floats (64 KB) are not worth streaming: a single image's
    /// 784 floats took 0.45 µs with non-temporal stores and their fence, most of a
    /// TwoLayerNet forward pass of one image.
    /// </summary>
    public const int MinFloats = 16_384;

    /// <summary>
    /// Copies <paramref name="count"/> floats. The caller must call <see cref="Fence"/> before
    /// another thread may read the target: non-temporal stores are not ordered with ordinary ones.
    /// </summary>
    public static void Copy(float* source, float* target, nint count)
    {
        int width = Vector512.IsHardwareAccelerated ? 16 : Avx.IsSupported ? 8 : 0;
        if (width == 0 || count < 4 * width || ((nuint)target & 3) != 0)
        {
            Plain(source, target, count);
            return;
        }

        // Plain stores up to the first aligned vector of the target, aligned streaming after.
        nint bytes = width * sizeof(float);
        nint head = Math.Min(count, (bytes - ((nint)target & (bytes - 1))) % bytes / sizeof(float));
        Plain(source, target, head);
        nint i = head;
        if (width == 16)
        {
            for (; i + 16 <= count; i += 16) Avx512F.StoreAlignedNonTemporal(target + i, Vector512.Load(source + i));
        }
        else
        {
            for (; i + 8 <= count; i += 8) Avx.StoreAlignedNonTemporal(target + i, Vector256.Load(source + i));
        }

        Plain(source + i, target + i, count - i);
    }

    private static void Plain(float* source, float* target, nint count)
        => new ReadOnlySpan<float>(source, (int)count).CopyTo(new Span<float>(target, (int)count));

    /// <summary>Orders the non-temporal stores before every later store of this thread.</summary>
    public static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }
}
