using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Winograd's transformed filters are kept between calls (<see cref="PackedFilterCache"/>): a
/// call must give the same bits as one on a fresh copy of the weights, whatever happened to
/// the weights in place since the last call.
/// </summary>
public class PackedFilterCacheTests
{
    private static readonly ConvShape Shape = new(16, 8, 8, 16, 3, 1, 1);

    [Theory]
    [MemberData(nameof(WinogradTests.Paths), MemberType = typeof(WinogradTests))]
    public void A_weight_changed_in_place_is_seen_by_the_next_call(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        Assert.True(new ConvPlan(Shape, path, 1, WinogradMode.Always).WinogradForward);
        // Pinned, so the cache sees the same address every call (a moved array only misses it).
        float[] w = GC.AllocateArray<float>(Shape.WeightSize, pinned: true);
        Reference.Random(Shape.WeightSize, 5).CopyTo(w, 0);
        float[] x = Reference.Random(Shape.InputSize, 6);
        float[] b = Reference.Random(Shape.Filters, 7);

        float[] first = Forward(path, x, w, b);
        Assert.Equal(first, Forward(path, x, w, b));

        // The smallest change there is, one weight one ulp up, as a numerical gradient's nudge
        // is small; then the same weights with a one-bit change in the last one, and back.
        foreach (int index in new[] { 0, 77, Shape.WeightSize - 1 })
        {
            w[index] = MathF.BitIncrement(w[index]);
            float[] nudged = Forward(path, x, w, b);
            Assert.Equal(Forward(path, x, (float[])w.Clone(), b), nudged);
            Assert.NotEqual(first, nudged);
            w[index] = MathF.BitDecrement(w[index]);
            Assert.Equal(first, Forward(path, x, w, b));
        }
    }

    [Theory]
    [MemberData(nameof(WinogradTests.Paths), MemberType = typeof(WinogradTests))]
    public void Many_weight_sets_stay_within_the_capacity_and_evicted_ones_pack_again(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        PackedFilterCache.Clear();
        float[] x = Reference.Random(Shape.InputSize, 8);
        float[] b = Reference.Random(Shape.Filters, 9);
        var sets = Enumerable.Range(0, 40).Select(i =>
        {
            float[] w = GC.AllocateArray<float>(Shape.WeightSize, pinned: true);
            Reference.Random(Shape.WeightSize, 100 + i).CopyTo(w, 0);
            return w;
        }).ToArray();
        float[][] expected = sets.Select(w => Forward(path, x, w, b)).ToArray();
        Assert.InRange(PackedFilterCache.Count, 1, 16);
        for (int i = 0; i < sets.Length; i++)
        {
            Assert.Equal(expected[i], Forward(path, x, sets[i], b));
        }

        PackedFilterCache.Clear();
        Assert.Equal(0, PackedFilterCache.Count);
    }

    private static float[] Forward(GemmPath path, float[] x, float[] w, float[] b)
    {
        float[] y = new float[Shape.OutputSize];
        float[] workspace = new float[Conv2D.WorkspaceSize(path, Shape, 1)];
        Conv2D.Forward(path, x, w, b, y, workspace, Shape, 1, winograd: WinogradMode.Always);
        return y;
    }
}
