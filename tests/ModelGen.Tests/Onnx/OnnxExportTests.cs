using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Onnx;

/// <summary>
/// What ExportOnnx writes, checked by running it in ONNX Runtime: every layer kind in its
/// inference form (Dropout's scale, Batch Normalization's running statistics, Step), the
/// model's named input and output with a symbolic batch, on small networks and random inputs.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Exports <paramref name="network"/> and runs <paramref name="count"/> of <paramref name="inputs"/> through ONNX Runtime.</summary>
    private float[] RunExported(INetwork network, float[] inputs, int count, string name = "model")
    {
        string path = Path.Combine(_folder, name + ".onnx");
        network.ExportOnnx(path);
        using var model = new OnnxRuntimeModel(path, network.InputShape);
        return model.Run(inputs, count);
    }

    /// <summary>Forward in inference mode over <paramref name="count"/> samples, a batch at a time.</summary>
    private static float[] Ours(INetwork network, float[] inputs, int count)
    {
        var outputs = new List<float>();
        for (int start = 0; start < count; start += network.BatchSize)
        {
            int n = Math.Min(network.BatchSize, count - start);
            outputs.AddRange(network.Forward(inputs.AsSpan(start * network.InputSize, n * network.InputSize), n).ToArray());
        }
        return [.. outputs];
    }

    private static float[] Softmax(float[] scores, int classes)
    {
        var probabilities = new float[scores.Length];
        for (int i = 0; i < scores.Length; i += classes)
        {
            var row = scores.AsSpan(i, classes);
            float max = row.ToArray().Max();
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(row[k] - max);
            for (int k = 0; k < classes; k++) probabilities[i + k] = (float)(Math.Exp(row[k] - max) / sum);
        }
        return probabilities;
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }

    private static float[] RandomInputs(INetwork network, int count, int seed)
        => RandomBatch.Create(count, network.InputSize, network.OutputSize, seed).Inputs;

    /// <summary>A few training-mode passes, so that Batch Normalization's running statistics are not their zeros.</summary>
    private static void Warm(INetwork network)
    {
        for (int s = 0; s < 20; s++)
            network.Forward(RandomInputs(network, network.BatchSize, 100 + s), network.BatchSize, training: true);
    }

    [Fact]
    public void Dropout_is_its_inference_scale()
    {
        var network = new OnnxDropoutNet(seed: 3);
        var unscaled = new OnnxNoDropoutNet();
        foreach (var p in network.Parameters) p.Value.CopyTo(unscaled.Parameters.Single(q => q.Name == p.Name).Value, 0);
        var inputs = RandomInputs(network, 40, seed: 1);

        var theirs = RunExported(network, inputs, 40);
        var ours = Ours(network, inputs, 40);
        Assert.True(MaxDifference(ours, theirs) < 1e-5f, $"differs by {MaxDifference(ours, theirs):E2}");

        // The same weights without Dropout give other numbers: the scale is there, not the identity
        // ONNX's own Dropout would be. Exactly: 0.75 · (0.5 · h · W2 + b2) against h · W2 + b2.
        var withoutScale = Ours(unscaled, inputs, 40);
        Assert.True(MaxDifference(withoutScale, theirs) > 0.1f, $"only {MaxDifference(withoutScale, theirs):E2} from the unscaled network");
        var expected = new float[40 * 3];
        var hidden = Ours(unscaled, inputs, 40); // h · W2 + b2; so h · W2 = that − b2
        var b2 = unscaled.b2;
        for (int i = 0; i < expected.Length; i++) expected[i] = 0.75f * (0.5f * (hidden[i] - b2[i % 3]) + b2[i % 3]);
        Assert.True(MaxDifference(expected, theirs) < 1e-5f, $"differs from 0.75 · (0.5 · h · W2 + b2) by {MaxDifference(expected, theirs):E2}");
    }

    [Fact]
    public void The_perceptron_gates_export_with_their_step()
    {
        // Chapter 2's AND gate and the two-layer XOR, with the book's weights.
        float[] inputs = [0, 0, 1, 0, 0, 1, 1, 1];
        var and = new Perceptron();
        and.W1[0] = 0.5f; and.W1[1] = 0.5f; and.b1[0] = -0.7f;
        Assert.Equal(new float[] { 0, 0, 0, 1 }, RunExported(and, inputs, 4, "and"));

        var xor = new TwoLayerPerceptron();
        float[] w1 = [-0.5f, 0.5f, -0.5f, 0.5f]; // (in, out): NAND in column 0, OR in column 1
        w1.CopyTo(xor.W1, 0);
        xor.b1[0] = 0.7f; xor.b1[1] = -0.2f;
        xor.W2[0] = 0.5f; xor.W2[1] = 0.5f; xor.b2[0] = -0.7f;
        Assert.Equal(new float[] { 0, 1, 1, 0 }, Ours(xor, inputs, 4));
        Assert.Equal(new float[] { 0, 1, 1, 0 }, RunExported(xor, inputs, 4, "xor"));
    }

    [Fact]
    public void A_step_inside_a_forward_only_network_gives_exactly_our_ones_and_zeros()
    {
        var network = new OnnxStepNet(seed: 5);
        var inputs = RandomInputs(network, 200, seed: 2);
        var ours = Ours(network, inputs, 200);
        Assert.Contains(0f, ours);
        Assert.Contains(1f, ours);
        Assert.Equal(ours, RunExported(network, inputs, 200));
    }

    /// <summary>Each network, and whether its exported output is the softmax of Forward's (SoftmaxCrossEntropy).</summary>
    public static TheoryData<string, bool> SmallNetworks => new()
    {
        { nameof(SigmoidNet), true }, { nameof(TanhMseNet), false }, { nameof(DropoutNet), true },
        { nameof(ConvPad1Stride2Net), true }, { nameof(ConvPad2Net), true }, { nameof(ConvKernel1And5Net), true },
        { nameof(AvgPoolNet), true }, { nameof(ConvReluMaxPoolNet), true }, { nameof(DenseBatchNormNet), true },
        { nameof(ConvBatchNormNet), true }, { nameof(InputBatchNormNet), true }, { nameof(ForActivationNet), true },
        { nameof(OnnxMapOutputNet), true }, { nameof(OnnxMapRegressionNet), false }, { nameof(OnnxMapFeaturesNet), false },
    };

    private static INetwork Create(string name) => name switch
    {
        nameof(SigmoidNet) => new SigmoidNet(seed: 1),
        nameof(TanhMseNet) => new TanhMseNet(seed: 1),
        nameof(DropoutNet) => new DropoutNet(seed: 1),
        nameof(ConvPad1Stride2Net) => new ConvPad1Stride2Net(seed: 1),
        nameof(ConvPad2Net) => new ConvPad2Net(seed: 1),
        nameof(ConvKernel1And5Net) => new ConvKernel1And5Net(seed: 1),
        nameof(AvgPoolNet) => new AvgPoolNet(seed: 1),
        nameof(ConvReluMaxPoolNet) => new ConvReluMaxPoolNet(seed: 1),
        nameof(DenseBatchNormNet) => new DenseBatchNormNet(seed: 1),
        nameof(ConvBatchNormNet) => new ConvBatchNormNet(seed: 1),
        nameof(InputBatchNormNet) => new InputBatchNormNet(seed: 1),
        nameof(ForActivationNet) => new ForActivationNet(seed: 1),
        nameof(OnnxMapOutputNet) => new OnnxMapOutputNet(seed: 1),
        nameof(OnnxMapRegressionNet) => new OnnxMapRegressionNet(seed: 1),
        nameof(OnnxMapFeaturesNet) => new OnnxMapFeaturesNet(seed: 1),
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// Every layer kind and geometry the gradient checks cover, exported: ONNX Runtime gives
    /// Forward's output, or its softmax where the loss is SoftmaxCrossEntropy.
    /// </summary>
    [Theory]
    [MemberData(nameof(SmallNetworks))]
    public void Small_networks_of_every_kind_match_ONNX_Runtime(string name, bool softmax)
    {
        var network = Create(name);
        Warm(network);
        var inputs = RandomInputs(network, 50, seed: 3);
        var ours = Ours(network, inputs, 50);
        if (softmax) ours = Softmax(ours, network.OutputSize);
        var theirs = RunExported(network, inputs, 50, name);
        Assert.True(MaxDifference(ours, theirs) < 1e-5f, $"{name}: differs by {MaxDifference(ours, theirs):E2}");
    }

    [Fact]
    public void The_model_has_a_named_input_and_output_and_any_batch_size()
    {
        var network = new SimpleConvNet(seed: 0);
        string path = Path.Combine(_folder, "simple.onnx");
        network.ExportOnnx(path);
        using var model = new OnnxRuntimeModel(path, network.InputShape);
        Assert.Equal(["input"], model.InputNames);
        Assert.Equal(["output"], model.OutputNames);
        Assert.Equal([-1, 1, 28, 28], model.InputShape.Dimensions);
        Assert.Equal("N", model.InputShape.Symbols[0]);
        Assert.Equal([-1, 10], model.OutputShape.Dimensions);
        Assert.Equal("N", model.OutputShape.Symbols[0]);

        // More samples at once than the network's batch, and fewer: N is open.
        var inputs = RandomInputs(network, 250, seed: 4);
        var all = model.Run(inputs, 250, chunk: 250);
        Assert.Equal(250 * 10, all.Length);
        Assert.True(MaxDifference(all[..10], model.Run(inputs, 1, chunk: 1)) < 1e-6f);
        Assert.True(MaxDifference(Softmax(Ours(network, inputs, 250), 10), all) < 1e-5f);
    }

    [Fact]
    public void The_export_copies_the_weights_of_that_moment()
    {
        var network = new TwoLayerNet(seed: 0);
        var inputs = RandomInputs(network, 10, seed: 5);
        string path = Path.Combine(_folder, "moment.onnx");
        network.ExportOnnx(path);
        var before = Softmax(Ours(network, inputs, 10), 10);
        network.b2[3] += 5f; // the exported file must not see this
        using var model = new OnnxRuntimeModel(path, network.InputShape);
        Assert.True(MaxDifference(before, model.Run(inputs, 10)) < 1e-6f);
    }
}
