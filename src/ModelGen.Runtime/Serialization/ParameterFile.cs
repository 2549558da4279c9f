using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// A network's parameters and state as a NumPy .npz file, one array per parameter under its
/// book name (W1, b1, ...) and in the book's layout, so the book's published weights load
/// unchanged, followed by the non-learnable state under its own names (running_mean1, random).
/// </summary>
public static class ParameterFile
{
    /// <summary>Writes every parameter and every piece of state, float32, atomically.</summary>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        Npz.Write(path, Arrays(network));
    }

    /// <summary>
    /// Reads every parameter from <paramref name="path"/> (float32 or float64), and the state the
    /// file holds. Every name and shape is checked before any value is copied: a bad file leaves
    /// the network untouched. State the file lacks keeps its current value (the book's published
    /// weights carry none); arrays the network does not have are ignored.
    /// </summary>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        Assign(network, Npz.Read(path), path, stateRequired: false);
    }

    /// <summary>The arrays a save writes: parameters, then state.</summary>
    internal static IEnumerable<NpyArray> Arrays(INetwork network) =>
        network.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value))
            .Concat(network.State.Select(s => new NpyArray(s.Name, [.. s.Shape], s.Read())));

    /// <summary>
    /// Checks, then copies, the arrays named like the network's parameters and state. Nothing is
    /// written until everything has been checked.
    /// </summary>
    internal static void Assign(INetwork network, IReadOnlyDictionary<string, NpyArray> arrays, string path, bool stateRequired)
    {
        var parameters = network.Parameters;
        var missing = parameters.Select(p => p.Name)
            .Concat(stateRequired ? network.State.Select(s => s.Name) : [])
            .Where(name => !arrays.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataFileException(path, $"it has no array named {string.Join(", ", missing)} (it holds {string.Join(", ", arrays.Keys.OrderBy(k => k, StringComparer.Ordinal))}).");
        foreach (var parameter in parameters)
        {
            var array = arrays[parameter.Name];
            CheckShape(array, parameter.Name, parameter.Shape, path);
            if (array.Data.Any(v => !float.IsFinite(v)))
                throw new InvalidDataFileException(path, $"array {parameter.Name} holds a value that is not finite.");
        }
        var state = network.State.Where(s => arrays.ContainsKey(s.Name)).ToList();
        foreach (var tensor in state)
        {
            var array = arrays[tensor.Name];
            CheckShape(array, tensor.Name, tensor.Shape, path);
            string? problem = tensor.Check(array.Data);
            if (problem is not null) throw new InvalidDataFileException(path, $"state {tensor.Name} is not valid: {problem}.");
        }
        foreach (var parameter in parameters) arrays[parameter.Name].Data.CopyTo(parameter.Value, 0);
        foreach (var tensor in state) tensor.Write(arrays[tensor.Name].Data);
    }

    private static void CheckShape(NpyArray array, string name, IReadOnlyList<int> shape, string path)
    {
        if (!array.Shape.SequenceEqual(shape))
            throw new InvalidDataFileException(path, $"array {name} has shape ({string.Join(", ", array.Shape)}) but the network's {name} has shape ({string.Join(", ", shape)}).");
    }
}
