using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Data;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// The same network, exported with its generated ExportOnnx, run by ONNX Runtime's CPU
/// provider on the same number of threads: batch throughput and single-image latency, timed
/// as our side is. Inputs and outputs are bound to preallocated tensors, so a timed call is
/// the session's work and not the marshalling of fresh arrays.
/// </summary>
/// <remarks>
/// ONNX Runtime picks its kernels from the CPU alone (no switch narrows its instruction set),
/// so on the forced AVX2 and portable paths it still runs its widest kernels; the report says so.
/// </remarks>
internal sealed class OnnxRuntimeSide : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _run = new();
    private readonly int _sampleSize;
    private readonly long[] _sampleShape;
    private readonly int _outputSize;

    public OnnxRuntimeSide(INetwork network, int[] sampleShape, int threads)
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-bench-{Environment.ProcessId}.onnx");
        try
        {
            network.ExportOnnx(path);
            _options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _session = new InferenceSession(path, _options);
        }
        finally
        {
            File.Delete(path);
        }

        _sampleShape = [.. sampleShape.Select(d => (long)d)];
        _sampleSize = sampleShape.Aggregate(1, (a, b) => a * b);
        _outputSize = network.OutputSize;
    }

    /// <summary>ONNX Runtime's version string, for the report.</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>Images per second on batches of <paramref name="batch"/>: the best of three rounds, as <see cref="Training.Throughput"/> does.</summary>
    public double BatchThroughput(Dataset data, int batch, double seconds)
    {
        using var calls = new BoundCalls(this, data, batch);
        for (int i = 0; i < 20; i++) calls.Run(i);
        double best = 0;
        int next = 0;
        for (int round = 0; round < 3; round++)
        {
            int count = 0;
            var clock = Stopwatch.StartNew();
            while (count < 10 || clock.Elapsed.TotalSeconds < seconds)
            {
                calls.Run(next++);
                count++;
            }

            best = Math.Max(best, count * batch / clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>The median time of one single-image run, in microseconds.</summary>
    public double LatencyMicroseconds(Dataset data, double seconds)
    {
        using var calls = new BoundCalls(this, data, 1);
        return Latency.MedianMicroseconds(calls.Run, seconds);
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
        _run.Dispose();
    }

    /// <summary>One input tensor per batch of the data (pinned in place) and one output tensor, made once.</summary>
    private sealed class BoundCalls : IDisposable
    {
        private readonly OnnxRuntimeSide _side;
        private readonly List<OrtValue> _inputs = [];
        private readonly OrtValue _output;
        private readonly float[] _outputData;
        private readonly GCHandle _pin;
        private static readonly string[] InputNames = ["input"];
        private static readonly string[] OutputNames = ["output"];

        public BoundCalls(OnnxRuntimeSide side, Dataset data, int batch)
        {
            _side = side;
            float[] all = data.InputSpan(0, data.Count).ToArray();
            _pin = GCHandle.Alloc(all, GCHandleType.Pinned);
            long[] shape = [batch, .. side._sampleShape];
            for (int start = 0; start + batch <= data.Count && _inputs.Count < 64; start += batch)
            {
                _inputs.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, all.AsMemory(start * side._sampleSize, batch * side._sampleSize), shape));
            }

            _outputData = new float[batch * side._outputSize];
            _output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _outputData.AsMemory(), [batch, side._outputSize]);
        }

        public void Run(int call) =>
            _side._session.Run(_side._run, InputNames, [_inputs[call % _inputs.Count]], OutputNames, [_output]);

        public void Dispose()
        {
            foreach (var input in _inputs) input.Dispose();
            _output.Dispose();
            _pin.Free();
        }
    }
}
