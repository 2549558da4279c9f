using ModelGen.IO;
using ModelGen.Optimizers;

namespace ModelGen.Serialization;

/// <summary>
/// Everything needed to resume training, in one .npz file: the parameters under their book
/// names, the network's state (Batch Normalization statistics, the Dropout generator's
/// position) under its own names, the optimizer's state under "optimizer.{Type}.{name}", the epoch, and optionally
/// per-epoch figures under "history.{name}" (so a resumed run can plot the whole run). Written
/// atomically, so a crash mid-save leaves the previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
    private const string EpochKey = "epoch";
    private const string HistoryPrefix = "history.";

    /// <summary>
    /// Writes the checkpoint. <paramref name="history"/>, if given, holds per-epoch figures
    /// (say "loss" and "test_accuracy", one value per epoch so far) for <see cref="History"/>.
    /// The optimizer's state saved is that of <paramref name="network"/>'s parameters, even when
    /// the optimizer also trains another network.
    /// </summary>
    public static void Save(string path, INetwork network, Optimizer optimizer, int epoch, IReadOnlyDictionary<string, float[]>? history = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        string prefix = OptimizerPrefix(optimizer);
        var arrays = ParameterFile.Arrays(network)
            .Concat(optimizer.ExportState(network.Parameters).Select(s => new NpyArray(prefix + s.Name, [s.Values.Length], s.Values)))
            .Append(new NpyArray(EpochKey, [], [epoch]))
            .Concat((history ?? new Dictionary<string, float[]>()).Select(h => new NpyArray(HistoryPrefix + h.Key, [h.Value.Length], h.Value)));
        Npz.Write(path, arrays);
    }

    /// <summary>The per-epoch figures saved with a checkpoint, by name; empty for a checkpoint saved without them.</summary>
    public static Dictionary<string, float[]> History(string path)
    {
        using var reader = NpzReader.Open(path);
        return reader.Names.Where(n => n.StartsWith(HistoryPrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[HistoryPrefix.Length..], n => reader.Read(n).Data, StringComparer.Ordinal);
    }

    /// <summary>
    /// Restores parameters, network state and optimizer state; returns the epoch. Reads only
    /// what the network and optimizer hold, each array checked against its expected shape from
    /// its header, and checks everything before changing anything: a bad file leaves the
    /// network and the optimizer as they were.
    /// </summary>
    public static int Load(string path, INetwork network, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var reader = NpzReader.Open(path);
        if (!reader.Contains(EpochKey))
            throw new InvalidDataFileException(path, "it is not a ModelGen checkpoint: it has no 'epoch' value.");
        float epoch = reader.Read(EpochKey, []).Data[0];
        if (!(epoch >= 0 && epoch <= int.MaxValue && epoch == MathF.Floor(epoch)))
            throw new InvalidDataFileException(path, $"its epoch {epoch} is not a whole number of epochs.");
        string prefix = OptimizerPrefix(optimizer);
        if (!reader.Names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var other = reader.Names.FirstOrDefault(k => k.StartsWith("optimizer.", StringComparison.Ordinal));
            throw new InvalidDataFileException(path, other is null
                ? $"it holds no optimizer state for {optimizer.GetType().Name}."
                : $"it holds state for the optimizer {other.Split('.')[1]}, not {optimizer.GetType().Name}.");
        }

        var networkValues = ParameterFile.Read(network, reader, stateRequired: true);
        // Only the state this optimizer keeps for these parameters, each of its known length;
        // ImportState names whatever is missing.
        var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, size) in optimizer.StateLayout(network.Parameters))
        {
            if (reader.Contains(prefix + name)) state[name] = reader.Read(prefix + name, [size]).Data;
        }
        // ImportState checks everything before it changes the optimizer, and the network's
        // values are already checked, so either both change or neither does.
        optimizer.ImportState(state, network.Parameters, path);
        networkValues.Apply();
        return (int)epoch;
    }

    private static string OptimizerPrefix(Optimizer optimizer) => $"optimizer.{optimizer.GetType().Name}.";
}
