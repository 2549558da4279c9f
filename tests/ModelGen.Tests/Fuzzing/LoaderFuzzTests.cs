using System.Globalization;
using ModelGen.Data;
using ModelGen.IO;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Serialization;
using Xunit.Abstractions;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// Mutated weight, checkpoint and data files fed to every loader. Each load must end in one of
/// two ways: an <see cref="InvalidDataFileException"/> naming the file, with the target (a
/// network, an optimizer) bit for bit as before; or a load of exactly what the file holds. Never
/// another exception, never a crash, and never an allocation over twice the target's size.
/// </summary>
/// <remarks>
/// The seed is fixed so that CI runs are repeatable; a failure prints its case, seed and
/// mutation. MODELGEN_FUZZ_SEED runs another seed, MODELGEN_FUZZ_FILES more files, and
/// MODELGEN_FUZZ_TRACE=1 writes each case to standard error before it runs, to find one that
/// kills the process.
/// </remarks>
public sealed class LoaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultSeed = 20_240_808;
    private const int NpzFiles = 1_250;
    private const int IdxFiles = 400;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record NpzBase(string Name, NpzMutator Mutator, IReadOnlyDictionary<string, NpyArray> Arrays, FuzzedLoader[] Loaders);

    [Fact]
    public void Mutated_npz_files_are_refused_by_name_or_loaded_exactly()
    {
        int seed = Setting("MODELGEN_FUZZ_SEED", DefaultSeed);
        int files = Setting("MODELGEN_FUZZ_FILES", NpzFiles);
        var bases = NpzBases();
        var tally = new FuzzTally(".npz", seed);
        string path = _dir.File("mutant.npz");
        for (int i = 0; i < files; i++)
        {
            var (name, mutator, arrays, loaders) = bases[i % bases.Count];
            NpzMutant mutant = mutator.Mutate(CaseRandom(seed, i));
            string label = $"case {i} (seed {seed}), {name}: {mutant.Description}";
            Trace(label);
            File.WriteAllBytes(path, mutant.Bytes);
            tally.CountFile();
            var expected = new ExpectedArrays(arrays, mutant.Edit, ListedNames(mutant.Bytes));
            foreach (var loader in loaders) Run(loader, path, expected, $"{label} -> {loader.Name}", tally);
        }

        output.WriteLine(tally.Summary);
        Assert.True(tally.Failures.Count == 0, tally.Report());
        Assert.True(tally.Files >= Math.Min(files, 1_000));
    }

    [Fact]
    public void Mutated_idx_files_are_refused_by_name_or_read_exactly()
    {
        int seed = Setting("MODELGEN_FUZZ_SEED", DefaultSeed);
        int files = Setting("MODELGEN_FUZZ_FILES", IdxFiles);
        var labels = new byte[50_000];
        new Random(4).NextBytes(labels);
        for (int i = 0; i < labels.Length; i++) labels[i] %= 10;
        (string Name, IdxMutator Mutator)[] bases =
        [
            ("images", new IdxMutator(IdxFixtures.Images(100), gzip: false)),
            ("images.gz", new IdxMutator(IdxFixtures.Images(100), gzip: true)),
            ("labels", new IdxMutator(IdxFixtures.Labels(labels), gzip: false)),
            ("labels.gz", new IdxMutator(IdxFixtures.Labels(labels), gzip: true)),
        ];
        string path = _dir.File("mutant-idx");
        foreach (var (_, mutator) in bases)
        {
            File.WriteAllBytes(path, mutator.Original);
            Assert.Equal(mutator.Content.Data, IdxReader.Read(path).Data); // and the code is warm
        }

        var tally = new FuzzTally("IDX", seed);
        for (int i = 0; i < files; i++)
        {
            var (name, mutator) = bases[i % bases.Length];
            IdxMutant mutant = mutator.Mutate(CaseRandom(seed, i));
            string label = $"case {i} (seed {seed}), {name}: {mutant.Description}";
            Trace(label);
            File.WriteAllBytes(path, mutant.Bytes);
            tally.CountFile();
            ReadIdx(path, mutant, mutator.Content.Data.Length, label, tally);
        }

        output.WriteLine(tally.Summary);
        Assert.True(tally.Failures.Count == 0, tally.Report());
    }

    /// <summary>The files the tests write (weights, a checkpoint, float16 weights) and a NumPy-style float64 file, each with the loaders that read it.</summary>
    private List<NpzBase> NpzBases()
    {
        var source = new FuzzNet(seed: 1);
        var sourceAdam = new Adam(0.01f);
        var (inputs, labels) = RandomBatch.Create(8, 300, 10, seed: 3);
        for (int i = 0; i < 3; i++) source.TrainStep(inputs, labels, 8, sourceAdam);

        string weights = _dir.File("weights.npz");
        source.Save(weights);
        string checkpoint = _dir.File("checkpoint.npz");
        Checkpoint.Save(checkpoint, source, sourceAdam, epoch: 3, new Dictionary<string, float[]> { ["loss"] = [2.3f, 1.2f, 0.8f] });
        string half = _dir.File("half.npz");
        HalfWeights.From(source).Save(half);
        string float64 = _dir.File("float64.npz");
        NpyFixtures.WriteNpz(float64, [.. ParameterArrays(source).Select(a => (a.Name + ".npy",
            NpyFixtures.Npy(NpyFixtures.Dict("<f8", ShapeText(a.Shape)), NpyFixtures.Doubles(false, [.. a.Data.Select(v => (double)v)]))))]);

        // The target holds other values, and its Adam has state: a load that changes anything shows.
        var target = new FuzzNet(seed: 2);
        var targetAdam = new Adam(0.01f);
        target.TrainStep(inputs, labels, 8, targetAdam);
        var parameterFile = new ParameterFileLoader(target);
        var checkpointLoader = new CheckpointLoader(target, targetAdam);

        NpzBase Base(string name, string file, bool deflate, Func<long, FuzzedLoader[]> loaders)
        {
            var arrays = Npz.Read(file);
            long values = arrays.Values.Sum(a => (long)a.Data.Length);
            return new NpzBase(name, new NpzMutator(File.ReadAllBytes(file), deflate), arrays, loaders(values));
        }

        List<NpzBase> bases =
        [
            Base("weights", weights, false, values => [parameterFile, new NpzReadLoader(values), new HalfWeightsLoader(values)]),
            Base("weights, deflated", weights, true, values => [parameterFile, new NpzReadLoader(values)]),
            Base("weights, float64", float64, false, values => [parameterFile, new NpzReadLoader(values)]),
            Base("checkpoint", checkpoint, false, values => [checkpointLoader, new NpzReadLoader(values)]),
            Base("weights, float16", half, false, values => [new HalfWeightsLoader(values), parameterFile]),
        ];

        // Each loader reads its unmutated file exactly (which also runs its code once before
        // anything is measured).
        string path = _dir.File("original.npz");
        foreach (var b in bases)
        {
            File.WriteAllBytes(path, b.Mutator.Original);
            foreach (var loader in b.Loaders)
            {
                loader.Load(path);
                Assert.Null(loader.CheckLoaded(new ExpectedArrays(b.Arrays, null, null)));
                loader.Reset();
            }
        }
        return bases;
    }

    private static void Run(FuzzedLoader loader, string path, ExpectedArrays expected, string where, FuzzTally tally)
    {
        var (error, allocated) = Measure(loader.Load, path);
        tally.CountLoad();
        if (error is null)
        {
            if (expected.MustRefuse(loader.Reads)) tally.Fail($"{where}: loaded a file it must refuse");
            else if (loader.CheckLoaded(expected) is { } wrong) tally.Fail($"{where}: loaded, wrongly: {wrong}");
            else tally.CountLoaded();
        }
        else if (Named(error, path) is { } refusal)
        {
            tally.CountRefused(refusal.Problem);
            if (loader.CheckUntouched() is { } changed) tally.Fail($"{where}: refused ({refusal.Problem}) but {changed}");
        }
        else
        {
            tally.Fail($"{where}: threw {error.GetType().Name}: {error.Message}");
        }
        loader.Reset();

        double ratio = (double)allocated / loader.TargetBytes;
        // A first error can cost once what no later one does (a resource string, say); an
        // over-allocating load does it every time, so the least of three tries is the load's.
        for (int retry = 0; retry < 2 && ratio > 2; retry++)
        {
            ratio = Math.Min(ratio, (double)Measure(loader.Load, path).Allocated / loader.TargetBytes);
            loader.Reset();
        }
        if (ratio > 2) tally.Fail($"{where}: allocated {ratio:F2} times its target's {loader.TargetBytes} bytes");
        tally.Allocated(ratio, loader.Name);
    }

    private static void ReadIdx(string path, IdxMutant mutant, int targetBytes, string where, FuzzTally tally)
    {
        IdxFile? read = null;
        var (error, allocated) = Measure(p => read = IdxReader.Read(p), path);
        tally.CountLoad();
        if (error is null)
        {
            if (mutant.Expected is null) tally.Fail($"{where}: read a file it must refuse");
            else if (!read!.Dimensions.SequenceEqual(mutant.Expected.Dimensions) || !read.Data.AsSpan().SequenceEqual(mutant.Expected.Data))
                tally.Fail($"{where}: read, wrongly: dimensions ({string.Join(", ", read.Dimensions)}), {read.Data.Length} bytes");
            else tally.CountLoaded();
        }
        else if (Named(error, path) is { } refusal)
        {
            if (mutant.Expected is not null && !mutant.MayRefuse) tally.Fail($"{where}: refused a valid file: {refusal.Problem}");
            else tally.CountRefused(refusal.Problem);
        }
        else
        {
            tally.Fail($"{where}: threw {error.GetType().Name}: {error.Message}");
        }

        double ratio = (double)allocated / targetBytes;
        for (int retry = 0; retry < 2 && ratio > 2; retry++)
            ratio = Math.Min(ratio, (double)Measure(p => IdxReader.Read(p), path).Allocated / targetBytes);
        if (ratio > 2) tally.Fail($"{where}: allocated {ratio:F2} times the {targetBytes} bytes of data");
        tally.Allocated(ratio, "IdxReader.Read");
    }

    /// <summary>The array names a zip reader finds in <paramref name="bytes"/>, in order; null when it finds none.</summary>
    private static List<string>? ListedNames(byte[] bytes)
    {
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes), System.IO.Compression.ZipArchiveMode.Read);
            return [.. zip.Entries.Select(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName)];
        }
        catch (Exception)
        {
            // The oracle's own reading failed; the loaders must then refuse, which is checked
            // against the original names.
            return null;
        }
    }

    /// <summary>Runs <paramref name="load"/>; its exception, if any, and the bytes this thread allocated meanwhile.</summary>
    private static (Exception? Error, long Allocated) Measure(Action<string> load, string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            load(path);
            return (null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (Exception e)
        {
            return (e, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>The error as a refusal: an <see cref="InvalidDataFileException"/> that names <paramref name="path"/>, or null.</summary>
    private static InvalidDataFileException? Named(Exception error, string path) =>
        error is InvalidDataFileException named && named.FilePath == path && named.Message.Contains(path, StringComparison.Ordinal) ? named : null;

    private static IEnumerable<NpyArray> ParameterArrays(INetwork network) =>
        network.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value))
            .Concat(network.State.Select(s => new NpyArray(s.Name, [.. s.Shape], s.Read())));

    private static string ShapeText(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>Each case's own generator, so that one case can be rerun alone from its seed and number.</summary>
    private static Random CaseRandom(int seed, int index) => new(unchecked((seed * 1_000_003) + index));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    private static void Trace(string label)
    {
        if (Environment.GetEnvironmentVariable("MODELGEN_FUZZ_TRACE") == "1") Console.Error.WriteLine(label);
    }
}
