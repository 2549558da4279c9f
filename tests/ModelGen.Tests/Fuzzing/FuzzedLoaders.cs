using System.Runtime.InteropServices;
using ModelGen.Optimizers;
using ModelGen.Serialization;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// One loader under fuzz with its target: how to run it, which arrays it reads, how many bytes
/// its target holds (the allocation bound is twice that), whether what it loaded is right, and
/// whether a failed load left the target as it was.
/// </summary>
public abstract class FuzzedLoader
{
    /// <summary>The loader's name, for the report.</summary>
    public abstract string Name { get; }

    /// <summary>The bytes of what the load fills: the bound on its allocations is twice this.</summary>
    public abstract long TargetBytes { get; }

    /// <summary>True when the loader reads the array <paramref name="name"/> (others cannot make it fail).</summary>
    public abstract bool Reads(string name);

    /// <summary>The load, and nothing else: what is measured.</summary>
    public abstract void Load(string path);

    /// <summary>Null when the load produced what the file holds, else what is wrong.</summary>
    public abstract string? CheckLoaded(ExpectedArrays expected);

    /// <summary>Null when the target is bit for bit as before the load, else what changed.</summary>
    public virtual string? CheckUntouched() => null;

    /// <summary>Puts the target back as it was before any load.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>True when the float arrays are equal bit for bit (NaN included).</summary>
    protected static bool Same(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}

/// <summary>A network's parameters and state, copied, to restore it and to see that a failed load changed nothing.</summary>
internal sealed class NetworkSnapshot(INetwork network)
{
    private readonly float[][] _parameters = [.. network.Parameters.Select(p => (float[])p.Value.Clone())];
    private readonly float[][] _state = [.. network.State.Select(s => s.Read())];

    public string? Differs()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (!MemoryMarshal.AsBytes(network.Parameters[i].Value.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(_parameters[i].AsSpan())))
                return $"parameter {network.Parameters[i].Name} changed";
        }
        for (int i = 0; i < _state.Length; i++)
        {
            if (!MemoryMarshal.AsBytes(network.State[i].Read().AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(_state[i].AsSpan())))
                return $"state {network.State[i].Name} changed";
        }
        return null;
    }

    public void Restore()
    {
        for (int i = 0; i < _parameters.Length; i++) _parameters[i].CopyTo(network.Parameters[i].Value, 0);
        for (int i = 0; i < _state.Length; i++) network.State[i].Write(_state[i]);
    }
}

/// <summary><see cref="ParameterFile.Load"/> into a network.</summary>
public sealed class ParameterFileLoader : FuzzedLoader
{
    private readonly FuzzNet _network;
    private readonly NetworkSnapshot _snapshot;

    public ParameterFileLoader(FuzzNet network)
    {
        _network = network;
        _snapshot = new NetworkSnapshot(network);
    }

    public override string Name => "ParameterFile.Load";

    public override long TargetBytes => 4L * (_network.Parameters.Sum(p => p.Size) + _network.State.Sum(s => s.Size));

    public override bool Reads(string name) => _network.Parameters.Any(p => p.Name == name) || _network.State.Any(s => s.Name == name);

    public override void Load(string path) => ParameterFile.Load(_network, path);

    public override string? CheckLoaded(ExpectedArrays expected)
    {
        var inFile = expected.Names.ToHashSet();
        foreach (var p in _network.Parameters)
        {
            if (expected.Differs(p.Name, p.Value) is { } wrong) return wrong;
        }
        foreach (var s in _network.State.Where(s => inFile.Contains(s.Name)))
        {
            if (expected.Differs(s.Name, s.Read()) is { } wrong) return wrong;
        }
        return null;
    }

    public override string? CheckUntouched() => _snapshot.Differs();

    public override void Reset() => _snapshot.Restore();
}

/// <summary><see cref="Checkpoint.Load"/> into a network and an Adam that both hold state already.</summary>
public sealed class CheckpointLoader : FuzzedLoader
{
    private const string Prefix = "optimizer.Adam.";
    private readonly FuzzNet _network;
    private readonly Adam _adam;
    private readonly NetworkSnapshot _snapshot;
    private readonly Dictionary<string, float[]> _optimizerState;
    private int _epoch;

    public CheckpointLoader(FuzzNet network, Adam adam)
    {
        _network = network;
        _adam = adam;
        _snapshot = new NetworkSnapshot(network);
        _optimizerState = OptimizerState();
    }

    public override string Name => "Checkpoint.Load";

    public override long TargetBytes => 4L * ((3 * _network.Parameters.Sum(p => p.Size)) + _network.State.Sum(s => s.Size) + 1);

    public override bool Reads(string name) =>
        name == "epoch" || _optimizerState.ContainsKey(name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : "")
        || _network.Parameters.Any(p => p.Name == name) || _network.State.Any(s => s.Name == name);

    public override void Load(string path) => _epoch = Checkpoint.Load(path, _network, _adam);

    public override string? CheckLoaded(ExpectedArrays expected)
    {
        foreach (var p in _network.Parameters)
        {
            if (expected.Differs(p.Name, p.Value) is { } wrong) return wrong;
        }
        foreach (var s in _network.State)
        {
            if (expected.Differs(s.Name, s.Read()) is { } wrong) return wrong;
        }
        foreach (var (name, values) in OptimizerState())
        {
            if (expected.Differs(Prefix + name, values) is { } wrong) return wrong;
        }
        if (!expected.IsUnchecked("epoch") && _epoch != expected["epoch"].Values[0])
            return $"the epoch is {_epoch}, the file's {expected["epoch"].Values[0]}";
        return null;
    }

    public override string? CheckUntouched()
    {
        if (_snapshot.Differs() is { } changed) return changed;
        foreach (var (name, values) in OptimizerState())
        {
            if (!Same(values, _optimizerState[name])) return $"optimizer state {name} changed";
        }
        return _adam.Steps == (long)_optimizerState["step"][0] ? null : "the optimizer's step count changed";
    }

    public override void Reset()
    {
        _snapshot.Restore();
        _adam.ImportState(_optimizerState, _network.Parameters, "snapshot");
    }

    private Dictionary<string, float[]> OptimizerState() =>
        _adam.ExportState(_network.Parameters).ToDictionary(s => s.Name, s => (float[])s.Values.Clone());
}

/// <summary><see cref="Npz.Read"/>, which takes any arrays: its target is the file's <paramref name="values"/> as float32.</summary>
public sealed class NpzReadLoader(long values) : FuzzedLoader
{
    private IReadOnlyDictionary<string, NpyArray> _read = new Dictionary<string, NpyArray>();

    public override string Name => "Npz.Read";

    public override long TargetBytes => 4 * values;

    public override bool Reads(string name) => true;

    public override void Load(string path) => _read = Npz.Read(path);

    public override string? CheckLoaded(ExpectedArrays expected)
    {
        if (!_read.Keys.Order(StringComparer.Ordinal).SequenceEqual(expected.Names.Order(StringComparer.Ordinal)))
            return $"read arrays {string.Join(", ", _read.Keys)}, the file holds {string.Join(", ", expected.Names)}";
        foreach (var (name, array) in _read)
        {
            if (!expected.IsUnchecked(name) && !array.Shape.SequenceEqual(expected[name].Shape))
                return $"{name} has shape ({string.Join(", ", array.Shape)}), the file's ({string.Join(", ", expected[name].Shape)})";
            if (expected.Differs(name, array.Data) is { } wrong) return wrong;
        }
        return null;
    }
}

/// <summary><see cref="HalfWeights.Load"/>: every array, kept as float16; its target is the file's <paramref name="values"/> as float16.</summary>
public sealed class HalfWeightsLoader(long values) : FuzzedLoader
{
    private HalfWeights? _read;

    public override string Name => "HalfWeights.Load";

    public override long TargetBytes => 2 * values;

    public override bool Reads(string name) => true;

    public override void Load(string path) => _read = HalfWeights.Load(path);

    public override string? CheckLoaded(ExpectedArrays expected)
    {
        if (!_read!.Names.Order(StringComparer.Ordinal).SequenceEqual(expected.Names.Order(StringComparer.Ordinal)))
            return $"read arrays {string.Join(", ", _read.Names)}, the file holds {string.Join(", ", expected.Names)}";
        if (expected.Names.Any(expected.IsUnchecked))
            return null;
        long values = expected.Names.Sum(n => (long)expected[n].Values.Length);
        if (_read.Bytes != 2 * values)
            return $"holds {_read.Bytes} bytes for {values} values";
        var network = new FuzzNet();
        var inFile = expected.Names.ToHashSet();
        if (!network.Parameters.All(p => inFile.Contains(p.Name) && expected[p.Name].Shape.SequenceEqual(p.Shape)))
            return null;
        _read.CopyTo(network);
        foreach (var p in network.Parameters)
        {
            float[] file = expected[p.Name].Values;
            for (int i = 0; i < file.Length; i++)
            {
                // NaN's payload may not survive float16; that it stays NaN is what matters.
                float rounded = (float)(Half)file[i];
                if (!(float.IsNaN(rounded) ? float.IsNaN(p.Value[i]) : p.Value[i].Equals(rounded)))
                    return $"{p.Name}[{i}] widens to {p.Value[i]}, the file's value rounded to float16 is {rounded}";
            }
        }
        return null;
    }
}
