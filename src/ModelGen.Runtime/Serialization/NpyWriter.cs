using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ModelGen.Serialization;

/// <summary>Writes one array as a version 1.0 .npy file of little-endian float32.</summary>
internal static class NpyWriter
{
    public static void Write(Stream stream, NpyArray array)
    {
        stream.Write(NpyHeader.FormatFloat32(array.Shape));
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(array.Data.AsSpan()));
            return;
        }

        // The format is little-endian whatever the machine.
        Span<byte> value = stackalloc byte[4];
        foreach (float f in array.Data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, f);
            stream.Write(value);
        }
    }
}
