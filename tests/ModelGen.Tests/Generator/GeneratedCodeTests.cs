using System.Reflection;
using ModelGen.Generator;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

/// <summary>Properties of the generated text that hold for every network, not one snapshot.</summary>
public class GeneratedCodeTests
{
    private static readonly string[] s_samples = ["samples/Mnist/Networks.cs", "samples/DeepCnn/Networks.cs"];

    [Fact]
    public void No_generated_line_is_longer_than_160_characters()
    {
        foreach (var sample in s_samples)
        {
            var result = GeneratorHarness.Run("using ModelGen;\n" + File.ReadAllText(RepositoryRoot.File(sample.Split('/'))));
            foreach (var (hint, code) in result.Sources)
            {
                var lines = code.Split('\n');
                int longest = lines.Max(l => l.Length);
                Assert.True(longest <= 160, $"{hint}: a line of {longest} characters: {lines.First(l => l.Length == longest).Trim()}");
            }
        }
    }

    /// <summary>
    /// A user's own types named like the System and ModelGen types the generated code uses must
    /// not change what that code means: it names every type in full and calls kernels through
    /// the alias qualifier Kernels::, which only an alias can satisfy.
    /// </summary>
    [Fact]
    public void User_types_named_like_the_ones_the_generated_code_uses_do_not_break_it()
    {
        var result = GeneratorHarness.Run("""
            using ModelGen;
            namespace Shadows
            {
                public readonly ref struct ReadOnlySpan<T> { }
                public readonly ref struct Span<T> { }
                public static class Math { }
                public static class Array { }
                public class ArgumentException { }
                public class ArgumentOutOfRangeException { }
                public class ArgumentNullException { }
                public class InvalidOperationException { }
                public class Kernels { }
                public class Gemm { }
                public class Parameter { }
                public class Rng { }
                public class ModelGen { }

                [Network(Input = [1, 6, 6])]
                [Conv(2, 3, Pad = 1), Relu, MaxPool(2), Dense(4), Dropout(0.5), Dense(2), SoftmaxCrossEntropy]
                public partial class Net;
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Single(result.Sources);
        Assert.Empty(result.OutputCompilationErrors);
    }

    [Fact]
    public void The_generators_defaults_are_the_attributes_defaults()
    {
        var defaults = typeof(ModelGenGenerator).Assembly.GetType("ModelGen.Generator.Defaults")!;
        object? Constant(string name) => defaults.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        Assert.Equal(new NetworkAttribute().Batch, Constant("Batch"));
        Assert.Equal(new DenseAttribute(1).Std, Constant("GaussianStd"));
        Assert.Equal(new ConvAttribute(1, 1).Std, Constant("GaussianStd"));
        Assert.Equal(ModelGen.Generator.Layers.BatchNormLayer.DefaultMomentum, new BatchNormAttribute().Momentum);
        Assert.Equal(ModelGen.Generator.Layers.BatchNormLayer.DefaultEpsilon, new BatchNormAttribute().Epsilon);
    }
}
