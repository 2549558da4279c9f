// TEMPORARY: stand-ins for the kernels and data branches while they are written. Deleted on merge.
namespace ModelGen.IO
{
    public class InvalidDataFileException(string filePath, string problem) : IOException($"{filePath}: {problem}")
    {
        public string FilePath { get; } = filePath;
    }
}
namespace ModelGen.Serialization
{
    public sealed class NpyArray(string name, int[] shape, float[] data)
    {
        public string Name { get; } = name;
        public int[] Shape { get; } = shape;
        public float[] Data { get; } = data;
    }
    public static class Npz
    {
        public static IReadOnlyDictionary<string, NpyArray> Read(string path) => throw new NotImplementedException(path);
        public static void Write(string path, IEnumerable<NpyArray> arrays) => throw new NotImplementedException(path);
    }
}
namespace ModelGen.Data
{
    public sealed class Dataset(float[] inputs, int[] labels, IReadOnlyList<int> sampleShape)
    {
        public float[] Inputs { get; } = inputs;
        public int[] Labels { get; } = labels;
        public int Count => Labels.Length;
        public IReadOnlyList<int> SampleShape { get; } = sampleShape;
        public int SampleSize => SampleShape.Aggregate(1, (a, b) => a * b);
        public ReadOnlySpan<float> InputSpan(int start, int count) => Inputs.AsSpan(start * SampleSize, count * SampleSize);
        public ReadOnlySpan<int> LabelSpan(int start, int count) => Labels.AsSpan(start, count);
    }
}
namespace ModelGen.Kernels
{
    public static class Gemm
    {
        public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]; c[i * n + j] = s; }
        }
        public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[p * m + i] * b[p * n + j]; c[i * n + j] = s; }
        }
        public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p]; c[i * n + j] = s; }
        }
    }
}
namespace ModelGen.Data
{
    public enum MnistVariant { Digits, Fashion }
    public readonly record struct DataProgress(string Step, string File, long Done, long? Total);
    public sealed record MnistOptions { public string? DataDirectory { get; init; } public bool Flatten { get; init; } = true; public MnistVariant Variant { get; init; } public IProgress<DataProgress>? Progress { get; init; } }
    public sealed record MnistData(Dataset Train, Dataset Test, string Directory, string Source);
    public static class Mnist { public static MnistData Load(MnistOptions? options = null) => throw new NotImplementedException(); }
}
namespace ModelGen.Data { public static class DatasetStubExtensions { public static Dataset Slice(this Dataset d, int start, int count) => new(d.InputSpan(start, count).ToArray(), d.LabelSpan(start, count).ToArray(), d.SampleShape); } }
