using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// An open safetensors file (the format of Hugging Face's safetensors library): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
/// then the data, little-endian and row-major. <see cref="Open"/> reads and checks the whole
/// header before any tensor is read: the length against the file and a cap, the JSON, every
/// entry's fields, dtype, shape and range, and that the ranges cover the data exactly. Tensors
/// are then read one at a time, by name; a caller that gives the expected shape has a tensor of
/// any other shape refused before its data is read, so no load allocates more than its target
/// needs. F32, F16, BF16 and F64 tensors are read, converted to float32 (F64 rounded to nearest).
/// </summary>
public sealed class SafeTensorsReader : IDisposable, ITensorSource
{
    /// <summary>The bytes before the header: its length, as a little-endian unsigned 64-bit integer.</summary>
    private const int LengthBytes = 8;

    // Values are converted a chunk at a time through this much stack, a multiple of every item size.
    private const int ChunkBytes = 4096;

    private readonly SafeFileHandle _file;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorInfo> _byName;

    private SafeTensorsReader(string path, SafeFileHandle file, long dataStart, List<SafeTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _file = file;
        _dataStart = dataStart;
        Tensors = tensors;
        Names = [.. tensors.Select(t => t.Name)];
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file, as given to <see cref="Open"/>; every error names it.</summary>
    public string Path { get; }

    /// <summary>Every tensor, in the order the header lists them.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>The tensors' names, in the order the header lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The header's "__metadata__" strings; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Opens the file and reads and checks its header; no tensor is read yet.
    /// </summary>
    /// <exception cref="InvalidDataFileException">The file is not a valid safetensors file; the message names the file, and the tensor where there is one, and says what is wrong.</exception>
    public static SafeTensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = RandomAccess.GetLength(file);
            Span<byte> prefix = stackalloc byte[LengthBytes];
            if (fileLength < LengthBytes || ReadAll(file, prefix, 0) < LengthBytes)
                throw new InvalidDataFileException(path, $"it is {fileLength} bytes long, shorter than the {LengthBytes}-byte header length that starts a safetensors file.");
            ulong claimed = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            long available = fileLength - LengthBytes;
            if (claimed < 2)
                throw new InvalidDataFileException(path, $"its header length is {claimed} bytes, too short for the JSON object a header holds (at least \"{{}}\").");
            if (claimed > (ulong)available)
                throw new InvalidDataFileException(path, $"its header length is {claimed} bytes, more than the {available} bytes that follow it: the file is truncated, or not a safetensors file.");
            if (claimed > SafeTensorsHeader.MaxLength)
                throw new InvalidDataFileException(path, $"its header length is {claimed} bytes, more than the {SafeTensorsHeader.MaxLength} a header may have (the limit of the format's reference implementation).");

            int headerLength = (int)claimed;
            var header = new byte[headerLength];
            if (ReadAll(file, header, LengthBytes) < headerLength)
                throw new InvalidDataFileException(path, "the file ends inside its header; was it changed while being read?");
            long dataStart = LengthBytes + (long)headerLength;
            var (tensors, metadata) = SafeTensorsHeader.Parse(header, fileLength - dataStart, path);
            return new SafeTensorsReader(path, file, dataStart, tensors, metadata);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Reads one tensor as float32 in row-major order (F16 and BF16 widened exactly, F64 rounded
    /// to nearest). With <paramref name="expectedShape"/>, a tensor of any other shape is refused
    /// before its data is read.
    /// </summary>
    /// <param name="name">The tensor's name in the header.</param>
    /// <param name="expectedShape">The shape the caller can use, or null to take any.</param>
    /// <exception cref="InvalidDataFileException">The file has no such tensor, or its dtype is not one read here, or its shape is not the expected one; the message names the file and the tensor.</exception>
    public float[] Read(string name, IReadOnlyList<int>? expectedShape = null) => Read<float>(name, expectedShape);

    /// <summary>
    /// Reads one tensor as <typeparamref name="T"/> (float; double for a conversion that keeps
    /// every readable dtype exactly), each value converted once, straight from the file's type,
    /// with every check of <see cref="Read(string, IReadOnlyList{int}?)"/>.
    /// </summary>
    internal T[] Read<T>(string name, IReadOnlyList<int>? expectedShape)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out var info))
            throw new InvalidDataFileException(Path, $"it has no tensor named '{name}'.");
        var dtype = SafeTensorsDtype.Find(info.Dtype)!.Value;
        if (!dtype.IsReadable)
            throw Invalid(name, $"its dtype is {info.Dtype}; ModelGen reads {SafeTensorsDtype.Readable} tensors");
        if (expectedShape is not null && !info.Shape.SequenceEqual(expectedShape))
            throw Invalid(name, $"its shape is {TensorShape.Text(info.Shape)}, not the expected {TensorShape.Text(expectedShape)}");

        // The header's checks tie the count to bytes really in the file: without an expected
        // shape, the allocation is vouched for by the file's own size.
        long count = (info.End - info.Begin) / dtype.ItemSize;
        if (count > Array.MaxLength)
            throw Invalid(name, $"it holds {count} values, more than one array can");
        var values = new T[count];
        long offset = _dataStart + info.Begin;
        if (BitConverter.IsLittleEndian && IsStoredAs<T>(dtype))
        {
            Fill(MemoryMarshal.AsBytes(values.AsSpan()), offset, name);
            return values;
        }

        Span<byte> chunk = stackalloc byte[ChunkBytes];
        int size = dtype.ItemSize;
        for (int done = 0; done < values.Length;)
        {
            int n = (int)Math.Min(values.Length - done, ChunkBytes / size);
            Span<byte> raw = chunk[..(n * size)];
            Fill(raw, offset + ((long)done * size), name);
            Span<T> destination = values.AsSpan(done, n);
            for (int i = 0; i < n; i++) destination[i] = Convert<T>(raw.Slice(i * size, size), dtype);
            done += n;
        }
        return values;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    float[] ITensorSource.Read(string name, IReadOnlyList<int> expectedShape) => Read(name, expectedShape);

    private static bool IsStoredAs<T>(SafeTensorsDtype dtype) =>
        (typeof(T) == typeof(float) && dtype == SafeTensorsDtype.F32)
        || (typeof(T) == typeof(double) && dtype == SafeTensorsDtype.F64)
        || (typeof(T) == typeof(Half) && dtype == SafeTensorsDtype.F16);

    private static T Convert<T>(ReadOnlySpan<byte> b, SafeTensorsDtype dtype)
        where T : INumberBase<T>
    {
        if (dtype == SafeTensorsDtype.F32) return T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(b));
        if (dtype == SafeTensorsDtype.F16) return T.CreateTruncating(BinaryPrimitives.ReadHalfLittleEndian(b));
        if (dtype == SafeTensorsDtype.F64) return T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(b));
        // bfloat16 is the upper half of a float32: widening it is exact.
        return T.CreateTruncating(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16));
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length at <paramref name="offset"/>.</summary>
    private void Fill(Span<byte> destination, long offset, string name)
    {
        if (ReadAll(_file, destination, offset) < destination.Length)
            throw Invalid(name, "the file ends inside its data; was it changed while being read?");
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the file ends; returns the bytes read.</summary>
    private static int ReadAll(SafeFileHandle file, Span<byte> destination, long offset)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(file, destination[total..], offset + total);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    private InvalidDataFileException Invalid(string tensor, string problem) => new(Path, $"tensor '{tensor}': {problem}.");
}
