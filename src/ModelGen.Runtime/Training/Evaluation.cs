using ModelGen.Data;

namespace ModelGen.Training;

/// <summary>Predictions and accuracy over whole data sets, batch by batch; the last batch may be short.</summary>
public static class Evaluation
{
    /// <summary>The index of the largest output of each sample.</summary>
    public static int[] Predict(INetwork network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckShape(network, data);
        var predictions = new int[data.Count];
        for (int start = 0; start < data.Count; start += network.BatchSize)
        {
            int count = Math.Min(network.BatchSize, data.Count - start);
            var outputs = network.Infer(data.InputSpan(start, count), count);
            for (int i = 0; i < count; i++) predictions[start + i] = ArgMax(outputs.Slice(i * network.OutputSize, network.OutputSize));
        }
        return predictions;
    }

    /// <summary>The share of samples whose prediction equals their label.</summary>
    public static double Accuracy(INetwork network, Dataset data)
    {
        var predictions = Predict(network, data);
        int correct = 0;
        for (int i = 0; i < predictions.Length; i++) if (predictions[i] == data.Labels[i]) correct++;
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>The index of the largest value; the first one on ties, as NumPy's argmax.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    internal static void CheckShape(INetwork network, Dataset data)
    {
        if (data.SampleSize != network.InputSize)
            throw new ArgumentException($"The data's samples hold {data.SampleSize} values ({string.Join("x", data.SampleShape)}) but the network takes {network.InputSize} ({string.Join("x", network.InputShape)}).", nameof(data));
    }
}
