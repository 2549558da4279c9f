using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// A network's parameters as a NumPy .npz file, one array per parameter under its book name
/// (W1, b1, ...) and in the book's layout, so the book's published weights load unchanged.
/// </summary>
public static class ParameterFile
{
    /// <summary>Writes every parameter, float32, atomically.</summary>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        Npz.Write(path, network.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value)));
    }

    /// <summary>
    /// Reads every parameter from <paramref name="path"/> (float32 or float64). Every name and
    /// shape is checked before any value is copied: a bad file leaves the network untouched.
    /// Arrays the network does not have are ignored.
    /// </summary>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        Assign(network.Parameters, Npz.Read(path), path);
    }

    /// <summary>Checks, then copies, the arrays named like <paramref name="parameters"/>.</summary>
    internal static void Assign(IReadOnlyList<Parameter> parameters, IReadOnlyDictionary<string, NpyArray> arrays, string path, string prefix = "")
    {
        var missing = parameters.Where(p => !arrays.ContainsKey(prefix + p.Name)).Select(p => prefix + p.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidDataFileException(path, $"it has no array named {string.Join(", ", missing)} (it holds {string.Join(", ", arrays.Keys.OrderBy(k => k, StringComparer.Ordinal))}).");
        foreach (var parameter in parameters)
        {
            var array = arrays[prefix + parameter.Name];
            if (!array.Shape.SequenceEqual(parameter.Shape))
                throw new InvalidDataFileException(path, $"array {prefix}{parameter.Name} has shape ({string.Join(", ", array.Shape)}) but the network's {parameter.Name} has shape ({string.Join(", ", parameter.Shape)}).");
            if (array.Data.Any(v => !float.IsFinite(v)))
                throw new InvalidDataFileException(path, $"array {prefix}{parameter.Name} holds a value that is not finite.");
        }
        foreach (var parameter in parameters) arrays[prefix + parameter.Name].Data.CopyTo(parameter.Value, 0);
    }
}
