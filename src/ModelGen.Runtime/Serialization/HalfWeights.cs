namespace ModelGen.Serialization;

/// <summary>
/// A network's parameters kept as 16-bit floats (<see cref="Half"/>): half the memory and half
/// the file of float32, for holding or shipping trained weights (chapter 8.3.4: the book's
/// DeepConvNet loses no accuracy). The arithmetic stays float32: <see cref="CopyTo"/> widens the
/// values into a network before it runs. Saved as an .npz of '&lt;f2' arrays, which NumPy reads,
/// or (<see cref="SafeTensors.Save(HalfWeights, string)"/>) as a safetensors file of F16 tensors.
/// </summary>
public sealed class HalfWeights
{
    private readonly Dictionary<string, (int[] Shape, Half[] Values)> _parameters;

    private HalfWeights(Dictionary<string, (int[] Shape, Half[] Values)> parameters) => _parameters = parameters;

    /// <summary>Every parameter of <paramref name="network"/>, each value rounded to the nearest float16.</summary>
    public static HalfWeights From(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var parameters = new Dictionary<string, (int[], Half[])>(StringComparer.Ordinal);
        foreach (var p in network.Parameters)
        {
            var values = new Half[p.Size];
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(p.Value, values);
            parameters[p.Name] = ([.. p.Shape], values);
        }
        return new HalfWeights(parameters);
    }

    /// <summary>
    /// Reads float16 (or any other float) parameters from an .npz file, each value rounded to
    /// the nearest float16 as it is read: no float32 copy of the weights is ever made.
    /// </summary>
    public static HalfWeights Load(string path)
    {
        using var reader = NpzReader.Open(path);
        var parameters = new Dictionary<string, (int[], Half[])>(StringComparer.Ordinal);
        foreach (string name in reader.Names)
        {
            var (header, values) = reader.Read<Half>(name, expectedShape: null);
            parameters[name] = (header.Shape, values);
        }
        return new HalfWeights(parameters);
    }

    /// <summary>Bytes the values take: two per parameter value.</summary>
    public long Bytes => _parameters.Values.Sum(p => 2L * p.Values.Length);

    /// <summary>The names of the parameters held, in the order they were added.</summary>
    public IEnumerable<string> Names => _parameters.Keys;

    /// <summary>Every parameter held: name, shape and values (not copied), in the order they were added.</summary>
    internal IEnumerable<(string Name, int[] Shape, Half[] Values)> Parameters => _parameters.Select(p => (p.Key, p.Value.Shape, p.Value.Values));

    /// <summary>Writes the parameters as '&lt;f2' arrays under their book names, atomically.</summary>
    public void Save(string path)
        => Npz.Write(path, _parameters.Select(p => new NpyArray(p.Key, p.Value.Shape, [.. p.Value.Values.Select(h => (float)h)], NpyType.Float16)));

    /// <summary>
    /// Widens every parameter into <paramref name="network"/>'s float32 arrays. Names and shapes
    /// are checked first: on a mismatch nothing is written.
    /// </summary>
    public void CopyTo(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var p in network.Parameters)
        {
            if (!_parameters.TryGetValue(p.Name, out var held))
                throw new ArgumentException($"The half-precision weights have no parameter {p.Name} (they hold {string.Join(", ", _parameters.Keys)}).", nameof(network));
            if (!held.Shape.SequenceEqual(p.Shape))
                throw new ArgumentException($"The half-precision {p.Name} has shape {TensorShape.Text(held.Shape)}, the network's {TensorShape.Text(p.Shape)}.", nameof(network));
        }
        foreach (var p in network.Parameters) System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(_parameters[p.Name].Values, p.Value);
    }
}
