using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen.Serialization;

/// <summary>
/// Floating-point values written as the little-endian floats of a file format (.npy,
/// safetensors): float16, float32 or float64 by item size, each value converted to that type.
/// Values already of that type on a little-endian machine are written as they lie in memory.
/// </summary>
internal static class LittleEndianFloats
{
    /// <summary>Writes <paramref name="values"/> as floats of <paramref name="itemSize"/> bytes (2, 4 or 8).</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> values, int itemSize)
        where T : unmanaged, INumberBase<T>
    {
        bool same = (typeof(T) == typeof(float) && itemSize == 4)
            || (typeof(T) == typeof(double) && itemSize == 8)
            || (typeof(T) == typeof(Half) && itemSize == 2);
        if (same && BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> chunk = stackalloc byte[4096];
        int perChunk = chunk.Length / itemSize;
        for (int done = 0; done < values.Length; done += perChunk)
        {
            ReadOnlySpan<T> part = values.Slice(done, Math.Min(perChunk, values.Length - done));
            for (int i = 0; i < part.Length; i++)
            {
                Span<byte> b = chunk.Slice(i * itemSize, itemSize);
                switch (itemSize)
                {
                    case 2: BinaryPrimitives.WriteHalfLittleEndian(b, Half.CreateTruncating(part[i])); break;
                    case 4: BinaryPrimitives.WriteSingleLittleEndian(b, float.CreateTruncating(part[i])); break;
                    default: BinaryPrimitives.WriteDoubleLittleEndian(b, double.CreateTruncating(part[i])); break;
                }
            }

            stream.Write(chunk[..(part.Length * itemSize)]);
        }
    }
}
