using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Per-thread packing buffers for GEMM, on the pinned object heap so a raw pointer into them
/// stays valid. They only grow, so after the first call at the largest shape no call allocates.
/// </summary>
internal static unsafe class GemmScratch
{
    [ThreadStatic] private static float[]? t_buffer;

    /// <summary>A 64-byte aligned buffer of at least <paramref name="floats"/> floats, valid until the next call on this thread.</summary>
    public static float* Get(int floats)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < floats + 16)
        {
            buffer = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
            t_buffer = buffer;
        }

        return Align64((float*)Unsafe.AsPointer(ref buffer[0]));
    }

    /// <summary>Rounds a pointer up to the next 64-byte boundary (one cache line, one zmm).</summary>
    public static float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
