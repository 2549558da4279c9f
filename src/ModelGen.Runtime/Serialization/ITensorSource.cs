namespace ModelGen.Serialization;

/// <summary>
/// A file of named arrays that a network's parameters and state are read from (.npz,
/// .safetensors): <see cref="ParameterFile"/>'s checks are written once, against this.
/// </summary>
internal interface ITensorSource
{
    /// <summary>The file, for messages.</summary>
    string Path { get; }

    /// <summary>The arrays' names, in the file's order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>True when the file holds an array named <paramref name="name"/>.</summary>
    bool Contains(string name);

    /// <summary>The array as float32, refused from its header unless it has <paramref name="expectedShape"/>.</summary>
    float[] Read(string name, IReadOnlyList<int> expectedShape);
}
