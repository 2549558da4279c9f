using System.Buffers.Binary;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// What an .npy array's bytes mean, decoded independently of the runtime's reader: the oracle
/// for a mutated file that a loader accepted.
/// </summary>
public static class NpyReference
{
    /// <summary>
    /// The values of <paramref name="raw"/> as float32 in C order, or null when the loaders must
    /// refuse it: a dtype they do not read, or data that is not exactly what the shape needs.
    /// </summary>
    public static float[]? Decode(byte[] raw, string descr, int[] shape, bool fortran)
    {
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '=') || !int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            return null;
        char kind = descr[1];
        bool valid = (kind, size) is ('f', 2 or 4 or 8) or ('i' or 'u', 1 or 2 or 4 or 8) or ('b', 1);
        if (!valid || shape.Any(d => d < 0) || shape.Length > 64)
            return null;
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count * size != raw.Length)
            return null;
        bool big = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);

        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = Value(raw.AsSpan(i * size, size), kind, size, big);
        return fortran && shape.Length > 1 ? FortranToC(values, shape) : values;
    }

    private static float Value(ReadOnlySpan<byte> b, char kind, int size, bool big) => (kind, size) switch
    {
        ('f', 2) => (float)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
        ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
        ('f', _) => (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
        ('i', 1) => (sbyte)b[0],
        ('u', 1) => b[0],
        ('b', _) => b[0] != 0 ? 1 : 0,
        ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('i', _) => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
        _ => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
    };

    /// <summary>Column-major to row-major by the definition: element (i0, i1, ...) sits at Σ i_k·Π_{j&lt;k} n_j in the file.</summary>
    private static float[] FortranToC(float[] fortran, int[] shape)
    {
        var result = new float[fortran.Length];
        var index = new int[shape.Length];
        for (int c = 0; c < result.Length; c++)
        {
            int rest = c;
            for (int axis = shape.Length - 1; axis >= 0; axis--)
            {
                index[axis] = rest % shape[axis];
                rest /= shape[axis];
            }
            long offset = 0, stride = 1;
            for (int axis = 0; axis < shape.Length; axis++)
            {
                offset += index[axis] * stride;
                stride *= shape[axis];
            }
            result[c] = fortran[offset];
        }
        return result;
    }
}
