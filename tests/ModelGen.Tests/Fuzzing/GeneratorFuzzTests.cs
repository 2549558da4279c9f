using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// Thousands of random and hostile declarations through the generator, as a build would see
/// them. Three things must hold: the generator never throws (no CS8785, no MG0016); every
/// declaration that gets no code has an MG diagnostic inside its own file; and the code it does
/// generate compiles, and runs a forward and a backward pass with finite numbers.
/// </summary>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int Declarations = 2000;
    private const int PerCompilation = 100;

    /// <summary>Networks with more parameters than this are compiled but not run: the test must stay small.</summary>
    private const long MaxParametersToRun = 2_000_000;

    [Fact]
    public void Random_and_hostile_declarations_never_break_the_generator_or_the_build()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MODELGEN_FUZZ_SEED"), out int fixedSeed) ? fixedSeed : 20261201;
        var fuzzer = new DeclarationFuzzer(seed);
        var accepted = new List<string>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int generated = 0;
        for (int start = 0; start < Declarations; start += PerCompilation)
        {
            var sources = Enumerable.Range(start, PerCompilation).Select(fuzzer.Next).ToArray();
            var result = GeneratorHarness.Run(sources);
            string Context(int i) => $"seed {seed}, declaration {start + i}:\n{sources[i]}";

            var crash = result.GeneratorDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "MG0016");
            Assert.True(crash is null, $"seed {seed}, declarations {start}-{start + PerCompilation - 1}: {crash}");

            var generatedTrees = result.OutputCompilation.SyntaxTrees.Skip(sources.Length).ToList();
            var brokenGenerated = result.OutputCompilationErrors.Where(e => e.Location.SourceTree is { } t && generatedTrees.Contains(t)).ToList();
            Assert.True(brokenGenerated.Count == 0, $"seed {seed}: generated code does not compile: {string.Join("\n", brokenGenerated.Take(3))}");

            foreach (var d in result.GeneratorDiagnostics.Where(d => d.Id.StartsWith("MG", StringComparison.Ordinal))) counts[d.Id] = counts.GetValueOrDefault(d.Id) + 1;
            for (int i = 0; i < sources.Length; i++)
            {
                var tree = result.OutputCompilation.SyntaxTrees.ElementAt(i);
                // A partial class declared in several files is one network: a diagnostic on any of its declarations is its own.
                var files = DeclaringFiles(result, tree);
                var ours = result.GeneratorDiagnostics.Where(d => d.Id.StartsWith("MG", StringComparison.Ordinal) && files.Contains(d.Location.GetLineSpan().Path)).ToList();
                bool hasCode = GeneratedFor(result, tree);
                if (hasCode)
                {
                    generated++;
                    bool clean = !result.OutputCompilationErrors.Any(e => e.Location.SourceTree == tree);
                    if (clean && ours.Count == 0) accepted.Add(sources[i]);
                    continue;
                }
                Assert.True(ours.Count > 0, $"no code and no MG diagnostic for {Context(i)}\ncompiler: {string.Join("; ", result.OutputCompilationErrors.Where(e => e.Location.SourceTree == tree).Take(3))}");
            }
        }

        var (ran, tooLarge) = RunAccepted(accepted, seed);
        output.WriteLine($"seed {seed}: {Declarations} declarations, {generated} got code, {accepted.Count} clean, {ran} ran forward and backward ({tooLarge} too large to run here)");
        output.WriteLine("diagnostics: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        Assert.True(ran >= 300, $"only {ran} networks ran; the fuzzer should make enough valid ones");
    }

    /// <summary>The class annotated in <paramref name="tree"/>, or null when the declaration is too broken to bind.</summary>
    private static INamedTypeSymbol? Network(GeneratorHarness.Result result, SyntaxTree tree)
    {
        var model = result.OutputCompilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
            .LastOrDefault(t => t.AttributeLists.Count > 0);
        return declaration is null ? null : model.GetDeclaredSymbol(declaration) as INamedTypeSymbol;
    }

    /// <summary>Whether the generator wrote a file for the network declared in <paramref name="tree"/>.</summary>
    private static bool GeneratedFor(GeneratorHarness.Result result, SyntaxTree tree)
        => Network(result, tree)?.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)) ?? false;

    /// <summary>The files that declare the network of <paramref name="tree"/>: that file, and any other partial declaration's.</summary>
    private static HashSet<string> DeclaringFiles(GeneratorHarness.Result result, SyntaxTree tree)
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { tree.FilePath };
        foreach (var reference in Network(result, tree)?.DeclaringSyntaxReferences ?? []) files.Add(reference.SyntaxTree.FilePath);
        return files;
    }

    /// <summary>Compiles the accepted declarations alone, loads them, and runs each network once.</summary>
    private (int Ran, int TooLarge) RunAccepted(List<string> accepted, int seed)
    {
        int ran = 0, tooLarge = 0;
        for (int start = 0; start < accepted.Count; start += PerCompilation)
        {
            var sources = accepted.Skip(start).Take(PerCompilation).ToArray();
            var result = GeneratorHarness.Run(sources);
            using var image = new MemoryStream();
            var emitted = result.OutputCompilation.Emit(image);
            Assert.True(emitted.Success, $"seed {seed}: accepted networks do not compile together: {string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))}");
            var context = new AssemblyLoadContext("fuzz", isCollectible: true);
            try
            {
                image.Position = 0;
                var assembly = context.LoadFromStream(image);
                foreach (var type in assembly.GetTypes().Where(t => typeof(INetwork).IsAssignableFrom(t) && !t.IsAbstract))
                {
                    long parameters = (long)type.GetField("ParameterCount")!.GetValue(null)!;
                    if (parameters > MaxParametersToRun)
                    {
                        tooLarge++;
                        continue;
                    }
                    Exercise((INetwork)Activator.CreateInstance(type, 7)!, type.FullName!, seed);
                    ran++;
                }
            }
            finally
            {
                context.Unload();
            }
        }
        return (ran, tooLarge);
    }

    private static void Exercise(INetwork network, string name, int seed)
    {
        int count = Math.Min(network.BatchSize, 3);
        var (inputs, labels) = RandomBatch.Create(count, network.InputSize, network.OutputSize, seed: 5);
        var outputs = network.Forward(inputs, count).ToArray();
        Assert.True(outputs.All(float.IsFinite), $"seed {seed}: {name} forward gave a value that is not finite");
        if (network is not ITrainableNetwork trainable) return;
        float loss = trainable.TrainStep(inputs, labels, count, new Optimizers.Sgd(0.01f));
        Assert.True(float.IsFinite(loss), $"seed {seed}: {name} training step gave the loss {loss}");
        Assert.All(trainable.Parameters, p => Assert.True(p.Gradient.All(float.IsFinite), $"seed {seed}: {name} gradient {p.Name} is not finite"));
    }
}
