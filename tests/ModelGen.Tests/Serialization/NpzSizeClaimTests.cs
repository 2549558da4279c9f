using ModelGen.Tests.Infrastructure;
using System.Buffers.Binary;
using ModelGen.IO;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Fuzzing;
using static ModelGen.Tests.Serialization.NpyFixtures;

namespace ModelGen.Tests.Serialization;

/// <summary>
/// A file's claims about sizes (the zip's, the .npy header's) are checked against what the file
/// can hold and what the caller wants before any data is read: a lying file costs an error, not
/// gigabytes.
/// </summary>
public sealed class NpzSizeClaimTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1_000_000_000)] // threw an unhandled OverflowException
    [InlineData(268_435_456)] // allocated 2 GB and took 9 s before failing
    public void A_deflated_entry_whose_sizes_claim_a_huge_array_is_refused_before_allocating(int claimed)
    {
        // The .npy header claims the shape, and the zip's uncompressed-size fields are edited to
        // agree with it; the deflated data really holds one value.
        string path = _dir.File("huge.npz");
        byte[] npy = Npy(Dict("<f4", $"({claimed},)"), Floats(1));
        WriteNpz(path, deflate: true, ("W1.npy", npy));
        byte[] bytes = File.ReadAllBytes(path);
        var entry = ZipLayout.Parse(bytes).Entries[0];
        uint declared = checked((uint)(npy.Length - 4 + (4L * claimed)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(entry.LocalUncompressedSize), declared);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(entry.CentralUncompressedSize), declared);
        File.WriteAllBytes(path, bytes);

        var (e, allocated) = LoadFailure.Measure(path, () => Npz.Read(path));
        Assert.Contains("array 'W1'", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse the file");
    }

    [Fact]
    public void A_deflated_entry_that_ends_early_costs_about_its_compressed_size()
    {
        // A plausible claim (deflate can expand 1,000 times) that the data does not back: the
        // reader may not take the claim's word for it and allocate 100 MB.
        string path = _dir.File("short.npz");
        var random = new Random(5);
        var values = new float[25_000];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        byte[] npy = Npy(Dict("<f4", "(25000000,)"), Floats(values));
        WriteNpz(path, deflate: true, ("W1.npy", npy));
        byte[] bytes = File.ReadAllBytes(path);
        var entry = ZipLayout.Parse(bytes).Entries[0];
        uint declared = checked((uint)(npy.Length - (4 * values.Length) + (4L * 25_000_000)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(entry.LocalUncompressedSize), declared);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(entry.CentralUncompressedSize), declared);
        File.WriteAllBytes(path, bytes);

        var (e, allocated) = LoadFailure.Measure(path, () => Npz.Read(path));
        Assert.Contains("array 'W1'", e.Message);
        Assert.True(allocated < 4 * bytes.Length, $"{allocated} bytes allocated for a {bytes.Length}-byte file");
    }

    [Fact]
    public void A_deflated_entry_that_compresses_well_reads_back()
    {
        // 40,000 bytes of data in a file of a few hundred: read only once it has shown itself.
        string path = _dir.File("zeros.npz");
        var values = new float[10_000];
        values[^1] = 3;
        WriteNpz(path, deflate: true, ("W1.npy", Npy(Dict("<f4", "(100, 100)"), Floats(values))));
        Assert.True(new FileInfo(path).Length < 4_000);

        var read = Npz.Read(path)["W1"];

        Assert.Equal([100, 100], read.Shape);
        Assert.Equal(values, read.Data);
    }

    [Fact]
    public void An_array_larger_than_the_network_wants_is_refused_from_its_header()
    {
        // A real 8 MB W1 where the network's is 30 values: the shape is wrong, and the header
        // says so before the 8 MB are read.
        var network = new ReluNet(seed: 1);
        string path = _dir.File("big-w1.npz");
        Npz.Write(path, [new NpyArray("W1", [2000, 1000], new float[2_000_000]),
            .. network.Parameters.Skip(1).Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value))]);
        var before = network.W1.ToArray();

        var (e, allocated) = LoadFailure.Measure(path, () => network.Load(path));
        Assert.Contains("W1", e.Message);
        Assert.Contains("(2000, 1000)", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse an array the network cannot hold");
        Assert.Equal(before, network.W1);
    }

    [Fact]
    public void A_checkpoint_whose_optimizer_state_is_too_large_is_refused_from_its_header()
    {
        var network = new ReluNet(seed: 1);
        var adam = new Adam();
        string path = _dir.File("big-state.npz");
        Checkpoint.Save(path, network, adam, epoch: 1);
        var arrays = Npz.Read(path).Values.Where(a => a.Name != "optimizer.Adam.W1.m").ToList();
        Npz.Write(path, [.. arrays, new NpyArray("optimizer.Adam.W1.m", [2_000_000], new float[2_000_000])]);

        var (e, allocated) = LoadFailure.Measure(path, () => Checkpoint.Load(path, network, new Adam()));
        Assert.Contains("W1.m", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse state the optimizer cannot hold");
    }

    [Fact]
    public void Arrays_the_network_does_not_have_are_not_read()
    {
        // The loader ignores arrays it has no use for; it need not read them either.
        var source = new ReluNet(seed: 2);
        string path = _dir.File("extra.npz");
        Npz.Write(path, [.. source.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value)),
            new NpyArray("notes", [2_000_000], new float[2_000_000])]);
        var target = new ReluNet(seed: 3);

        long before = GC.GetAllocatedBytesForCurrentThread();
        target.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(source.W1, target.W1);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to load 57 values");
    }
}
