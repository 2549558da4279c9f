using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

/// <summary>
/// Pins the generated code of representative networks. A change in the emitter shows up as a
/// readable diff here; accept it deliberately with MODELGEN_ACCEPT_SNAPSHOTS=1.
/// </summary>
public class SnapshotTests
{
    private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputCompilationErrors);
        var (hint, code) = Assert.Single(result.Sources);
        Snapshot.Verify(ScrubVersion(code), Path.GetFileNameWithoutExtension(hint), test: test);
    }

    /// <summary>
    /// The generator's version out of the pinned text, so that a version bump does not rewrite
    /// every snapshot; the version itself is checked once, in <see cref="The_version_is_the_generators"/>.
    /// </summary>
    private static string ScrubVersion(string code) => code.Replace(VersionAttribute(NetworkEmitterVersion), VersionAttribute("{version}"), StringComparison.Ordinal);

    private static string VersionAttribute(string version) => $"GeneratedCode(\"ModelGen\", \"{version}\")";

    private static string NetworkEmitterVersion => ModelGen.Generator.Emit.NetworkEmitter.Version;

    [Fact]
    public void The_version_is_the_generators()
    {
        var (_, code) = Assert.Single(GeneratorHarness.Run("using ModelGen; [Network(Input = [2])][Dense(2), SoftmaxCrossEntropy] public partial class Net;").Sources);
        Assert.Contains(VersionAttribute(typeof(ModelGen.Generator.ModelGenGenerator).Assembly.GetName().Version!.ToString(3)), code, StringComparison.Ordinal);
    }

    /// <summary>The chapter 2-5 networks of samples/Mnist, read from the sample's own declaration file.</summary>
    [Fact]
    public void MnistSamples() => VerifySample("samples/Mnist/Networks.cs", ["TwoLayerNet", "BookSampleNet", "Perceptron", "TwoLayerPerceptron"]);

    /// <summary>SimpleConvNet and DeepConvNet of samples/DeepCnn, read from the sample's own declaration file.</summary>
    [Fact]
    public void DeepCnnSamples() => VerifySample("samples/DeepCnn/Networks.cs", ["SimpleConvNet", "DeepConvNet"]);

    private static void VerifySample(string path, string[] networks, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var result = GeneratorHarness.Run("using ModelGen;\n" + File.ReadAllText(RepositoryRoot.File(path.Split('/'))));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputCompilationErrors);
        Assert.Equal(networks.Length, result.Sources.Length);
        foreach (var (hint, code) in result.Sources)
        {
            Assert.Contains(networks, n => hint.EndsWith("." + n + ".g.cs", StringComparison.Ordinal));
            Snapshot.Verify(ScrubVersion(code), Path.GetFileNameWithoutExtension(hint), test: test);
        }
    }

    [Fact]
    public void SigmoidTanhWithXavierHeAndMeanSquaredError() => VerifyGenerated("""
        using ModelGen;
        namespace Samples.Regression;

        [Network(Input = [8], Batch = 16, Init = WeightInit.Xavier)]
        [Dense(6), Sigmoid, Dense(5, Init = WeightInit.He), Tanh, Dense(4, Init = WeightInit.Gaussian, Std = 0.5), MeanSquaredError]
        internal partial class Mixed;
        """);

    [Fact]
    public void BatchNormAfterConvAndDense() => VerifyGenerated("""
        using ModelGen;
        namespace Samples.Normalized;

        [Network(Input = [1, 8, 8], Batch = 32, Init = WeightInit.He)]
        [Conv(4, 3, Pad = 1), BatchNorm, Relu, MaxPool(2), Dense(20), BatchNorm(Momentum = 0.8), Relu, Dropout(0.2), Dense(10), SoftmaxCrossEntropy]
        public partial class Normalized;
        """);

    [Fact]
    public void ForwardOnlyPerceptronNestedInAType() => VerifyGenerated("""
        using ModelGen;

        public static partial class Gates
        {
            [Network(Input = [2], Batch = 4, Trainable = false)]
            [Dense(2), Step, Dense(1), Step]
            public partial class Xor;
        }
        """);
}
