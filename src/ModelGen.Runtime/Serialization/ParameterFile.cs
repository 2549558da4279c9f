using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// A network's parameters and state as a NumPy .npz file, one array per parameter under its
/// book name (W1, b1, ...) and in the book's layout, so the book's published weights load
/// unchanged, followed by the non-learnable state under its own names (running_mean1, random).
/// A path ending in ".safetensors" is a safetensors file instead (<see cref="SafeTensors"/>),
/// with the same names: the generated Save and Load, and every command, read and write both.
/// </summary>
public static class ParameterFile
{
    /// <summary>Writes every parameter and every piece of state, float32, atomically.</summary>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (IsSafeTensors(path))
        {
            SafeTensors.Save(network, path);
            return;
        }
        Npz.Write(path, Arrays(network));
    }

    /// <summary>Whether <paramref name="path"/> names a safetensors file, by its extension.</summary>
    public static bool IsSafeTensors(string path) => path.EndsWith(SafeTensors.Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads every parameter from <paramref name="path"/> (float32 or float64), and the state the
    /// file holds. Every name and shape is checked before any value is copied: a bad file leaves
    /// the network untouched. State the file lacks keeps its current value (the book's published
    /// weights carry none); arrays the network does not have are ignored, and not read. Each
    /// array's shape is checked from its header, before its data is read, so a load allocates
    /// about the network's size whatever the file claims.
    /// </summary>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (IsSafeTensors(path))
        {
            SafeTensors.Load(network, path);
            return;
        }
        using var reader = NpzReader.Open(path);
        Read(network, reader, stateRequired: false).Apply();
    }

    /// <summary>The arrays a save writes: parameters, then state.</summary>
    internal static IEnumerable<NpyArray> Arrays(INetwork network) =>
        network.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value))
            .Concat(network.State.Select(s => new NpyArray(s.Name, [.. s.Shape], s.Read())));

    /// <summary>
    /// Reads and checks the arrays named like the network's parameters and state, each against
    /// its expected shape; nothing is written to the network until <see cref="CheckedValues.Apply"/>.
    /// </summary>
    internal static CheckedValues Read(INetwork network, ITensorSource reader, bool stateRequired)
    {
        var parameters = network.Parameters;
        var missing = parameters.Select(p => p.Name)
            .Concat(stateRequired ? network.State.Select(s => s.Name) : [])
            .Where(name => !reader.Contains(name)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataFileException(reader.Path, $"it has no array named {string.Join(", ", missing)} (it holds {string.Join(", ", reader.Names.Order(StringComparer.Ordinal))}).");

        var values = new float[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            values[i] = reader.Read(parameters[i].Name, parameters[i].Shape);
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values[i]))
                throw new InvalidDataFileException(reader.Path, $"array {parameters[i].Name} holds a value that is not finite.");
        }
        var state = new List<(StateTensor Tensor, float[] Values)>();
        foreach (var tensor in network.State.Where(s => reader.Contains(s.Name)))
        {
            float[] read = reader.Read(tensor.Name, tensor.Shape);
            string? problem = tensor.Check(read);
            if (problem is not null) throw new InvalidDataFileException(reader.Path, $"state {tensor.Name} is not valid: {problem}.");
            state.Add((tensor, read));
        }
        return new CheckedValues(network, values, state);
    }

    /// <summary>Values read and checked for a network, written to it only by <see cref="Apply"/>, which cannot fail.</summary>
    internal sealed class CheckedValues(INetwork network, float[][] parameters, List<(StateTensor Tensor, float[] Values)> state)
    {
        /// <summary>Copies every value into the network.</summary>
        public void Apply()
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i].CopyTo(network.Parameters[i].Value, 0);
            foreach (var (tensor, values) in state) tensor.Write(values);
        }
    }
}
