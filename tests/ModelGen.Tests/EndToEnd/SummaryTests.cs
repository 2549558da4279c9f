using System.Reflection;

namespace ModelGen.Tests.EndToEnd;

/// <summary>The generated Summary() against the class itself: the same totals, and every array it allocates.</summary>
public class SummaryTests
{
    /// <summary>Bytes of every float[] and int[] field of a network instance: what it truly allocates for data.</summary>
    private static long AllocatedBytes(object network) => network.GetType()
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .Select(f => f.GetValue(network))
        .Sum(v => v switch { float[] a => 4L * a.Length, int[] a => 4L * a.Length, _ => 0L });

    [Fact]
    public void The_summary_counts_what_the_network_declares_and_allocates()
    {
        foreach (var (network, summary, parameters, flops) in new (object, NetworkSummary, long, long)[]
        {
            (new DeepConvNet(), DeepConvNet.Summary(), DeepConvNet.ParameterCount, DeepConvNet.ForwardFlopsPerSample),
            (new BatchNormDropoutNet(), BatchNormDropoutNet.Summary(), BatchNormDropoutNet.ParameterCount, BatchNormDropoutNet.ForwardFlopsPerSample),
            (new TwoLayerPerceptron(), TwoLayerPerceptron.Summary(), TwoLayerPerceptron.ParameterCount, TwoLayerPerceptron.ForwardFlopsPerSample),
        })
        {
            Assert.Equal(parameters, summary.Parameters);
            Assert.Equal(flops, summary.ForwardFlopsPerSample);
            Assert.Equal(AllocatedBytes(network), summary.Bytes);
        }
    }

    [Fact]
    public void DeepConvNet_costs_the_books_17_6_MFLOP_forward_and_52_5_training()
    {
        var summary = DeepConvNet.Summary();
        Assert.Equal(17.60, summary.ForwardFlopsPerSample / 1e6, 2);
        Assert.Equal(52.52, summary.TrainingFlopsPerSample / 1e6, 2);
        Assert.Equal(["Conv1", "Relu1"], summary.Layers.Take(2).Select(l => l.Name));
        Assert.Equal("Conv1", summary.Layers[1].RunsIn);
        Assert.Contains("123,552 parameters", summary.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, TwoLayerPerceptron.Summary().TrainingFlopsPerSample - TwoLayerPerceptron.Summary().ForwardFlopsPerSample);
    }
}
