using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

public class GeneratorSmokeTests
{
    [Fact]
    public void Prints()
    {
        var result = GeneratorHarness.Run("""
            using ModelGen;
            namespace Demo;
            [Network(Input = [784], Batch = 100)]
            [Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
            public partial class TwoLayerNet;
            """);
        File.WriteAllText("/tmp/gen.cs", string.Join("\n", result.Sources.Select(s => s.Source)) + "\n" + string.Join("\n", result.GeneratorDiagnostics.Concat(result.OutputCompilationErrors)));
    }
}
