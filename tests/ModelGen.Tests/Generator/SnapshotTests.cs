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

    [Fact]
    public void TwoLayerNet() => VerifyGenerated("""
        using ModelGen;
        namespace Samples;

        [Network(Input = [784], Batch = 100)]
        [Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
        public partial class TwoLayerNet;
        """);

    [Fact]
    public void SigmoidTanhWithXavierHeAndMeanSquaredError() => VerifyGenerated("""
        using ModelGen;
        namespace Samples.Regression;

        [Network(Input = [8], Batch = 16, Init = WeightInit.Xavier)]
        [Dense(6), Sigmoid, Dense(5, Init = WeightInit.He), Tanh, Dense(4, Init = WeightInit.Gaussian, Std = 0.5), MeanSquaredError]
        internal partial class Mixed;
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

    [Fact]
    public void DeepConvNet() => VerifyGenerated("""
        using ModelGen;
        namespace Samples.DeepCnn;

        [Network(Input = [1, 28, 28], Batch = 100, Init = WeightInit.He)]
        [Conv(16, 3, Pad = 1), Relu, Conv(16, 3, Pad = 1), Relu, MaxPool(2)]
        [Conv(32, 3, Pad = 1), Relu, Conv(32, 3, Pad = 2), Relu, MaxPool(2)]
        [Conv(64, 3, Pad = 1), Relu, Conv(64, 3, Pad = 1), Relu, MaxPool(2)]
        [Dense(50), Relu, Dropout(0.5), Dense(10), Dropout(0.5), SoftmaxCrossEntropy]
        public partial class DeepConvNet;
        """);
}
