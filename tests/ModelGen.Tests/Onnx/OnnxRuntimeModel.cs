using Microsoft.ML.OnnxRuntime;

namespace ModelGen.Tests.Onnx;

/// <summary>
/// An exported model loaded in ONNX Runtime (CPU), run by the names ExportOnnx promises:
/// input "input" and output "output", any number of samples at a time.
/// </summary>
public sealed class OnnxRuntimeModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _sampleShape;

    public OnnxRuntimeModel(string path, IReadOnlyList<int> sampleShape)
    {
        _session = new InferenceSession(path);
        _sampleShape = [.. sampleShape];
    }

    public void Dispose() => _session.Dispose();

    public IReadOnlyList<string> InputNames => _session.InputNames;

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>The declared dimensions of the input, -1 where symbolic, and the symbols.</summary>
    public (int[] Dimensions, string[] Symbols) InputShape => (_session.InputMetadata["input"].Dimensions, _session.InputMetadata["input"].SymbolicDimensions);

    public (int[] Dimensions, string[] Symbols) OutputShape => (_session.OutputMetadata["output"].Dimensions, _session.OutputMetadata["output"].SymbolicDimensions);

    /// <summary>The model's outputs for <paramref name="count"/> samples of <paramref name="inputs"/>, in chunks of <paramref name="chunk"/>.</summary>
    public float[] Run(float[] inputs, int count, int chunk = 500)
    {
        int sampleSize = _sampleShape.Aggregate(1, (p, d) => p * d);
        var outputs = new List<float>();
        using var options = new RunOptions();
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            long[] shape = [n, .. _sampleShape.Select(d => (long)d)];
            var slice = inputs.AsMemory(start * sampleSize, n * sampleSize);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, slice, shape);
            using var results = _session.Run(options, ["input"], [input], ["output"]);
            outputs.AddRange(results[0].GetTensorDataAsSpan<float>().ToArray());
        }
        return [.. outputs];
    }
}
