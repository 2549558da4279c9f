namespace ModelGen.Serialization;

/// <summary>
/// Writes one array as a version 1.0 .npy file of little-endian float32, or float16 for an array
/// whose <see cref="NpyArray.SourceType"/> is <see cref="NpyType.Float16"/> (each value rounded to
/// the nearest <see cref="Half"/>).
/// </summary>
internal static class NpyWriter
{
    public static void Write(Stream stream, NpyArray array)
    {
        bool half = array.SourceType == NpyType.Float16;
        stream.Write(half ? NpyHeader.FormatFloat16(array.Shape) : NpyHeader.FormatFloat32(array.Shape));
        LittleEndianFloats.Write<float>(stream, array.Data, half ? 2 : 4);
    }

    /// <summary>
    /// Writes <paramref name="values"/> as a little-endian array of <paramref name="type"/>
    /// (Float16, Float32 or Float64), each value narrowed to that type: exact for values that
    /// were read from an array of that type, which is what a conversion between formats needs.
    /// </summary>
    public static void Write(Stream stream, int[] shape, NpyType type, ReadOnlySpan<double> values)
    {
        (byte[] header, int size) = type switch
        {
            NpyType.Float16 => (NpyHeader.FormatFloat16(shape), 2),
            NpyType.Float32 => (NpyHeader.FormatFloat32(shape), 4),
            NpyType.Float64 => (NpyHeader.FormatFloat64(shape), 8),
            _ => throw new ArgumentException($"Only float16, float32 and float64 arrays are written, not {type}.", nameof(type)),
        };
        stream.Write(header);
        LittleEndianFloats.Write(stream, values, size);
    }
}
