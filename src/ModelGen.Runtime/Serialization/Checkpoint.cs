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
    /// </summary>
    public static void Save(string path, INetwork network, Optimizer optimizer, int epoch, IReadOnlyDictionary<string, float[]>? history = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        string prefix = OptimizerPrefix(optimizer);
        var arrays = ParameterFile.Arrays(network)
            .Concat(optimizer.ExportState().Select(s => new NpyArray(prefix + s.Name, [s.Values.Length], s.Values)))
            .Append(new NpyArray(EpochKey, [], [epoch]))
            .Concat((history ?? new Dictionary<string, float[]>()).Select(h => new NpyArray(HistoryPrefix + h.Key, [h.Value.Length], h.Value)));
        Npz.Write(path, arrays);
    }

    /// <summary>The per-epoch figures saved with a checkpoint, by name; empty for a checkpoint saved without them.</summary>
    public static Dictionary<string, float[]> History(string path) =>
        Npz.Read(path).Where(a => a.Key.StartsWith(HistoryPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[HistoryPrefix.Length..], a => a.Value.Data, StringComparer.Ordinal);

    /// <summary>
    /// Restores parameters, network state and optimizer state; returns the epoch. Checks
    /// everything before changing anything.
    /// </summary>
    public static int Load(string path, INetwork network, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        var arrays = Npz.Read(path);
        if (!arrays.TryGetValue(EpochKey, out var epoch) || epoch.Data.Length != 1)
            throw new InvalidDataFileException(path, "it is not a ModelGen checkpoint: it has no 'epoch' value.");
        string prefix = OptimizerPrefix(optimizer);
        var state = arrays.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[prefix.Length..], a => a.Value.Data, StringComparer.Ordinal);
        if (state.Count == 0)
        {
            var other = arrays.Keys.FirstOrDefault(k => k.StartsWith("optimizer.", StringComparison.Ordinal));
            throw new InvalidDataFileException(path, other is null
                ? $"it holds no optimizer state for {optimizer.GetType().Name}."
                : $"it holds state for the optimizer {other.Split('.')[1]}, not {optimizer.GetType().Name}.");
        }
        var parameters = network.Parameters.Select(p => (float[])p.Value.Clone()).ToList();
        var networkState = network.State.Select(s => s.Read()).ToList();
        ParameterFile.Assign(network, arrays, path, stateRequired: true);
        try
        {
            optimizer.ImportState(state, network.Parameters, path);
        }
        catch
        {
            // Put the network back: a failed load must not leave it half-changed.
            for (int i = 0; i < parameters.Count; i++) parameters[i].CopyTo(network.Parameters[i].Value, 0);
            for (int i = 0; i < networkState.Count; i++) network.State[i].Write(networkState[i]);
            throw;
        }
        return (int)epoch.Data[0];
    }

    private static string OptimizerPrefix(Optimizer optimizer) => $"optimizer.{optimizer.GetType().Name}.";
}
