using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// A network's parameters and state as a safetensors file, the format of Hugging Face's
/// safetensors library, which PyTorch, JAX, NumPy and most tools outside .NET read: one F32
/// tensor per parameter under its book name (W1, b1, gamma1, ...) in the book's layout, then the
/// state under its own names (running_mean1, random), as <see cref="ParameterFile"/> writes them
/// to .npz. The header's "__metadata__" holds "format": "modelgen" and the network's class name.
/// Also converts the float arrays of an .npz to a safetensors file and back, keeping each
/// array's element type.
/// </summary>
public static class SafeTensors
{
    /// <summary>The file extension the format uses.</summary>
    public const string Extension = ".safetensors";

    /// <summary>The value of "format" in the metadata of the files written here.</summary>
    public const string Format = "modelgen";

    /// <summary>Writes every parameter and every piece of state as F32 tensors, atomically.</summary>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var tensors = network.Parameters.Select(p => OutgoingTensor.Of(p.Name, SafeTensorsDtype.F32, [.. p.Shape], p.Value))
            .Concat(network.State.Select(s => OutgoingTensor.Of(s.Name, SafeTensorsDtype.F32, [.. s.Shape], s.Read())))
            .ToList();
        SafeTensorsWriter.Write(path, tensors, Metadata(("network", network.GetType().Name)));
    }

    /// <summary>Writes half-precision weights as F16 tensors under their names, atomically.</summary>
    public static void Save(HalfWeights weights, string path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var tensors = weights.Parameters.Select(p => OutgoingTensor.Of(p.Name, SafeTensorsDtype.F16, p.Shape, p.Values)).ToList();
        SafeTensorsWriter.Write(path, tensors, Metadata());
    }

    /// <summary>
    /// Reads every parameter from <paramref name="path"/> (F32, F16, BF16 or F64 tensors), and
    /// the state the file holds, with the checks of <see cref="ParameterFile.Load"/>. The whole
    /// header is checked when the file is opened (length, JSON, each tensor's dtype, shape and
    /// range, ranges that tile the data without holes or overlaps); then every parameter must be
    /// present with the network's shape, checked from the header before its data is read, and
    /// finite. Only then is anything copied: a bad file leaves the network untouched, and no load
    /// allocates more than the network's size, whatever the file claims. State the file lacks
    /// keeps its current value (files converted from the book's weights carry none); tensors the
    /// network does not have are checked in the header but not read.
    /// </summary>
    /// <exception cref="InvalidDataFileException">The file is not a valid safetensors file, or does not fit the network; the message names the file and says what is wrong.</exception>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var reader = SafeTensorsReader.Open(path);
        ParameterFile.Read(network, reader, stateRequired: false).Apply();
    }

    /// <summary>
    /// Writes every array of the .npz file <paramref name="npzPath"/> to the safetensors file
    /// <paramref name="path"/> under the same name and shape, as its own type: float16 as F16,
    /// float32 as F32, float64 as F64, so nothing is rounded. Arrays of any other type are
    /// refused: this converts weights, not data. The metadata names the source file.
    /// </summary>
    /// <returns>What was converted, array by array, in the file's order.</returns>
    /// <exception cref="InvalidDataFileException">The .npz is invalid, or holds an array that is not float16, float32 or float64.</exception>
    public static IReadOnlyList<ConvertedArray> FromNpz(string npzPath, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(npzPath);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var npz = NpzReader.Open(npzPath);
        var tensors = new List<OutgoingTensor>();
        var converted = new List<ConvertedArray>();
        foreach (string name in npz.Names)
        {
            var (header, values) = npz.Read<double>(name, expectedShape: null);
            SafeTensorsDtype dtype = header.Dtype.Type switch
            {
                NpyType.Float16 => SafeTensorsDtype.F16,
                NpyType.Float32 => SafeTensorsDtype.F32,
                NpyType.Float64 => SafeTensorsDtype.F64,
                var other => throw new InvalidDataFileException(npzPath, $"array '{name}' is {NumPyName(other)}; only float16, float32 and float64 arrays are converted."),
            };
            tensors.Add(OutgoingTensor.Of(name, dtype, header.Shape, values));
            converted.Add(new ConvertedArray(name, header.Shape, NumPyName(header.Dtype.Type), dtype.Name));
        }
        SafeTensorsWriter.Write(path, tensors, Metadata(("source", Path.GetFileName(npzPath))));
        return converted;
    }

    /// <summary>
    /// Writes every tensor of the safetensors file <paramref name="path"/> to the .npz file
    /// <paramref name="npzPath"/> under the same name and shape: F16 as float16, F32 as float32,
    /// F64 as float64, and BF16, which NumPy lacks, widened exactly to float32. Tensors of any
    /// other dtype are refused before anything is written. The metadata has no place in an .npz
    /// and is left behind (<see cref="SafeTensorsReader.Metadata"/> reads it).
    /// </summary>
    /// <returns>What was converted, tensor by tensor, in the header's order.</returns>
    /// <exception cref="InvalidDataFileException">The file is invalid, or holds a tensor of a dtype other than F16, BF16, F32 and F64.</exception>
    public static IReadOnlyList<ConvertedArray> ToNpz(string path, string npzPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(npzPath);
        using var reader = SafeTensorsReader.Open(path);
        var types = reader.Tensors.Select(t => (Tensor: t, Type: t.Dtype switch
        {
            "F16" => NpyType.Float16,
            "F32" or "BF16" => NpyType.Float32,
            "F64" => NpyType.Float64,
            _ => throw new InvalidDataFileException(path, $"tensor '{t.Name}' is {t.Dtype}; only F16, BF16, F32 and F64 tensors are converted."),
        })).ToList();
        var arrays = types.Select(t => (t.Tensor.Name, Shape: t.Tensor.Shape.ToArray(), t.Type, Values: reader.Read<double>(t.Tensor.Name, expectedShape: null))).ToList();
        Npz.WriteExact(npzPath, arrays);
        return [.. types.Select(t => new ConvertedArray(t.Tensor.Name, t.Tensor.Shape, t.Tensor.Dtype, NumPyName(t.Type)))];
    }

    private static Dictionary<string, string> Metadata(params (string Key, string Value)[] entries)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = Format };
        foreach (var (key, value) in entries) metadata[key] = value;
        return metadata;
    }

    private static string NumPyName(NpyType type) => type switch
    {
        NpyType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>One array that <see cref="SafeTensors.FromNpz"/> or <see cref="SafeTensors.ToNpz"/> carried over.</summary>
public sealed class ConvertedArray
{
    internal ConvertedArray(string name, IReadOnlyList<int> shape, string from, string to)
    {
        Name = name;
        Shape = shape;
        From = from;
        To = to;
    }

    /// <summary>The name, the same in both files.</summary>
    public string Name { get; }

    /// <summary>The shape, the same in both files.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The element type in the source: NumPy's name for an .npz (float64), the dtype for a safetensors file (F64).</summary>
    public string From { get; }

    /// <summary>The element type written, named like <see cref="From"/> for the destination's format.</summary>
    public string To { get; }

    /// <summary>E.g. "W1 (16x1x3x3): float64 -> F64".</summary>
    public override string ToString() => $"{Name} ({string.Join("x", Shape)}): {From} -> {To}";
}
