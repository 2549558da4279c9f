using ModelGen.Data;

namespace ModelGen.Tests.Data;

public class DatasetTests
{
    private static Dataset ThreeSamples() => new([1, 2, 3, 4, 5, 6], [2, 0, 1], [2]);

    [Fact]
    public void Exposes_layout()
    {
        var d = ThreeSamples();
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.SampleSize);
        Assert.Equal([2], d.SampleShape);
        Assert.Equal(3, d.Classes);
    }

    [Fact]
    public void Spans_select_samples()
    {
        var d = ThreeSamples();
        Assert.Equal([3f, 4f, 5f, 6f], d.InputSpan(1, 2).ToArray());
        Assert.Equal([0, 1], d.LabelSpan(1, 2).ToArray());
        Assert.True(d.InputSpan(3, 0).IsEmpty);
    }

    [Fact]
    public void Slice_copies()
    {
        var d = ThreeSamples();
        var s = d.Slice(1, 1);
        Assert.Equal([3f, 4f], s.Inputs);
        Assert.Equal([0], s.Labels);
        s.Inputs[0] = 99;
        Assert.Equal(3f, d.Inputs[2]);
    }

    [Fact]
    public void One_hot_encodes_labels()
    {
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], ThreeSamples().OneHot(3));
        Assert.Equal(12, ThreeSamples().OneHot(4).Length);
    }

    [Fact]
    public void One_hot_rejects_too_few_classes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ThreeSamples().OneHot(2));
        Assert.Contains("up to 2", e.Message);
    }

    [Fact]
    public void Sample_shape_is_copied()
    {
        int[] shape = [1, 2];
        var d = new Dataset([1, 2], [0], shape);
        shape[1] = 5;
        Assert.Equal([1, 2], d.SampleShape);
    }

    [Fact]
    public void Rejects_mismatched_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset([1, 2, 3], [0, 1], [2]));
        Assert.Contains("need 4 input values, but 3", e.Message);
    }

    [Fact]
    public void Rejects_negative_label()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset([1, 2], [0, -1], [1]));
        Assert.Contains("Label 1 is -1", e.Message);
    }

    [Fact]
    public void Rejects_non_positive_sample_dimension()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([], [], [0]));
    }

    [Fact]
    public void Empty_dataset_has_no_classes()
    {
        var d = new Dataset([], [], [784]);
        Assert.Equal(0, d.Count);
        Assert.Equal(0, d.Classes);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 4)]
    [InlineData(3, 1)]
    [InlineData(1, -1)]
    public void Rejects_out_of_range_spans(int start, int count)
    {
        var d = ThreeSamples();
        Assert.Throws<ArgumentOutOfRangeException>(() => d.InputSpan(start, count).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.LabelSpan(start, count).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Slice(start, count));
    }
}
