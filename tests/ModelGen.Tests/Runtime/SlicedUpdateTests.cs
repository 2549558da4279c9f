using ModelGen.Optimizers;
using ModelGen.Tests.Kernels;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// Big parameters are updated in slices across the kernel threads; the results must be those
/// of one whole-parameter update, bit for bit, for every optimizer of the book.
/// </summary>
[Collection(nameof(KernelThreadsCollection))]
public class SlicedUpdateTests
{
    public static TheoryData<string> Optimizers => new() { "Sgd", "Momentum", "Nesterov", "AdaGrad", "RmsProp", "Adam" };

    private static Optimizer Create(string name) => name switch
    {
        "Sgd" => new Sgd(0.1f),
        "Momentum" => new Momentum(0.05f),
        "Nesterov" => new Nesterov(0.05f),
        "AdaGrad" => new AdaGrad(0.05f),
        "RmsProp" => new RmsProp(0.01f),
        "Adam" => new Adam(0.01f),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_sliced_update_equals_a_whole_one_for_any_thread_count(string name)
    {
        // 39,250 + 7 values (TwoLayerNet's W1 and a ragged end), so slices split mid-vector;
        // a bias too small to slice rides along; weight decay on, which touches the gradient.
        const int size = 39_257;
        float[]? firstValues = null;
        float[][]? firstState = null;
        foreach (int threads in new[] { 1, 2, 3, 5 })
        {
            var (values, state) = KernelThreadsTests.WithThreads(threads, () =>
            {
                var weight = new Parameter("W1", [size], Reference.Random(size, 1), new float[size]);
                var bias = new Parameter("b1", [50], Reference.Random(50, 2), new float[50]);
                var optimizer = Create(name);
                optimizer.WeightDecay = 0.01f;
                for (int step = 0; step < 3; step++)
                {
                    Reference.Random(size, 10 + step).CopyTo(weight.Gradient, 0);
                    Reference.Random(50, 20 + step).CopyTo(bias.Gradient, 0);
                    optimizer.Update([weight, bias]);
                }

                var saved = optimizer.ExportState([weight, bias]).Select(s => s.Values).ToArray();
                return (weight.Value.Concat(bias.Value).ToArray(), saved);
            });
            firstValues ??= values;
            firstState ??= state;
            Assert.Equal(firstValues, values); // exact equality, not a tolerance
            Assert.Equal(firstState.Length, state.Length);
            for (int s = 0; s < state.Length; s++) Assert.Equal(firstState[s], state[s]);
        }
    }

    [Fact]
    public void An_optimizer_that_does_not_declare_elementwise_updates_gets_the_whole_parameter()
    {
        var optimizer = new Recording();
        var weight = new Parameter("W1", [40_000], new float[40_000], Enumerable.Repeat(1f, 40_000).ToArray());
        KernelThreadsTests.WithThreads(2, () =>
        {
            optimizer.Update([weight]);
            return 0;
        });
        Assert.Equal([40_000], optimizer.Lengths);
        Assert.All(weight.Value, v => Assert.Equal(-1f, v));
    }

    /// <summary>A user's optimizer written against Apply only.</summary>
    private sealed class Recording() : Optimizer(1f)
    {
        public List<int> Lengths { get; } = [];

        protected override IReadOnlyList<string> StateNames => [];

        protected override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
        {
            Lengths.Add(value.Length);
            for (int i = 0; i < value.Length; i++) value[i] -= gradient[i];
        }
    }
}
