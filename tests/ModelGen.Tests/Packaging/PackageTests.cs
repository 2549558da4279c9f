using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ModelGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// The one package users install: what `dotnet pack` puts in it, and a project outside this
/// repository that knows nothing but the .nupkg, meeting ModelGen the way a user does.
/// </summary>
public sealed partial class PackageTests(PackedPackage package, ITestOutputHelper output) : IClassFixture<PackedPackage>
{
    /// <summary>What the compiler that loads an analyzer already has: Roslyn and Roslyn's own dependencies.</summary>
    private static readonly HashSet<string> s_providedByTheCompiler =
    [
        "netstandard", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "System.Collections.Immutable",
        "System.Reflection.Metadata", "System.Memory", "System.Buffers", "System.Runtime.CompilerServices.Unsafe",
        "System.Numerics.Vectors", "System.Text.Encoding.CodePages", "System.Threading.Tasks.Extensions",
    ];

    [Fact]
    public void The_solution_packs_one_package_with_the_runtime_the_generator_and_the_readme()
    {
        // Samples, tests and the generator on its own are not packable: one package comes out.
        Assert.Equal([$"ModelGen.{package.Version}.nupkg"], Directory.GetFiles(package.Feed, "*.nupkg").Select(Path.GetFileName));
        Assert.Equal(
            [
                "ModelGen.nuspec",
                "README.md",
                "analyzers/dotnet/cs/ModelGen.CodeFixes.dll",
                "analyzers/dotnet/cs/ModelGen.Generator.dll",
                "lib/net10.0/ModelGen.Runtime.dll",
                "lib/net10.0/ModelGen.Runtime.xml",
            ],
            package.Entries());

        var nuspec = package.Nuspec();
        var metadata = Child(nuspec, "metadata");
        Assert.Equal("ModelGen", Child(metadata, "id").Value);
        Assert.Equal(package.Version, Child(metadata, "version").Value);
        var license = Child(metadata, "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Child(metadata, "readme").Value);
        Assert.Equal(File.ReadAllBytes(RepositoryRoot.File("README.md")), package.Read("README.md"));

        // The dependencies are the runtime's package references, and nothing of the generator's.
        var runtimeReferences = XDocument.Load(RepositoryRoot.File("src", "ModelGen.Runtime", "ModelGen.Runtime.csproj"))
            .Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).Order(StringComparer.Ordinal);
        var group = Assert.Single(Child(metadata, "dependencies").Elements());
        Assert.Equal("net10.0", (string?)group.Attribute("targetFramework"));
        Assert.Equal(runtimeReferences, group.Elements().Select(d => (string)d.Attribute("id")!).Order(StringComparer.Ordinal));

        // The XML docs that IntelliSense shows travel with the library.
        Assert.Contains("T:ModelGen.NetworkAttribute", System.Text.Encoding.UTF8.GetString(package.Read("lib/net10.0/ModelGen.Runtime.xml")), StringComparison.Ordinal);

        // The generator brings no dependency the compiler does not already have.
        using var pe = new PEReader(new MemoryStream(package.Read("analyzers/dotnet/cs/ModelGen.Generator.dll")));
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToArray();
        Assert.Contains("Microsoft.CodeAnalysis", references);
        Assert.All(references, r => Assert.Contains(r, s_providedByTheCompiler));
    }

    [Fact]
    public void A_project_that_references_only_the_package_builds_trains_and_evaluates_a_network()
    {
        string consumer = Path.Combine(package.Root, "consumer");
        string packages = Path.Combine(package.Root, "packages");
        Directory.CreateDirectory(consumer);
        foreach (var (name, text) in ConsumerFiles(package.Version))
            File.WriteAllText(Path.Combine(consumer, name), text);

        // Restore into a packages folder of its own, so no ModelGen cached by an earlier pack of
        // the same version can stand in for this one; build as a user does.
        var build = DotnetCommand.Succeed(consumer, TimeSpan.FromMinutes(5),
            "build", "-c", "Release", "--packages", packages, "--disable-build-servers");
        output.WriteLine($"restore and build: {build.Elapsed.TotalSeconds:F1} s");

        // The ModelGen it compiled against is the one just packed.
        string restored = Path.Combine(packages, "modelgen", package.Version);
        Assert.True(File.Exists(Path.Combine(restored, "analyzers", "dotnet", "cs", "ModelGen.Generator.dll")), $"ModelGen {package.Version} was not restored into {packages}.");
        Assert.Equal(File.ReadAllBytes(package.NupkgPath), File.ReadAllBytes(Path.Combine(restored, $"modelgen.{package.Version}.nupkg")));

        // EmitCompilerGeneratedFiles writes the generated network where a user can read it:
        // obj/{configuration}/{framework}/generated/{generator assembly}/{generator type}/{Namespace}.{Class}.g.cs.
        string generated = Path.Combine(consumer, "obj", "Release", "net10.0", "generated", "ModelGen.Generator", "ModelGen.Generator.ModelGenGenerator", "Demo.Classifier.g.cs");
        Assert.True(File.Exists(generated), $"No generated file at {generated}:\n{string.Join('\n', Directory.GetFiles(consumer, "*.g.cs", SearchOption.AllDirectories))}");
        string source = File.ReadAllText(generated);
        Assert.StartsWith("// <auto-generated/>", source, StringComparison.Ordinal);
        Assert.Contains("partial class Classifier", source, StringComparison.Ordinal);

        // README's recipe for pinning the generated code, added to the project file as a user
        // would: the same file, in a folder of the project, kept out of the compilation.
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), ConsumerProject(package.Version, pinned: true));
        var pinned = DotnetCommand.Succeed(consumer, TimeSpan.FromMinutes(5),
            "build", "-c", "Release", "--no-restore", "--disable-build-servers");
        output.WriteLine($"build into Generated/: {pinned.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(source, File.ReadAllText(Path.Combine(consumer, "Generated", "ModelGen.Generator", "ModelGen.Generator.ModelGenGenerator", "Demo.Classifier.g.cs")));

        var run = DotnetCommand.Succeed(consumer, TimeSpan.FromMinutes(2), Path.Combine("bin", "Release", "net10.0", "Consumer.dll"));
        string line = run.Output.Trim();
        output.WriteLine(line);
        output.WriteLine($"run: {run.Elapsed.TotalSeconds:F1} s");

        var match = ResultLine().Match(line);
        Assert.True(match.Success, $"Unexpected output:\n{run.Output}");
        double Number(string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        Assert.Equal(195, Number("parameters"));          // 8*16 + 16 + 16*3 + 3
        Assert.True(Number("lastLoss") < Number("firstLoss") / 2, line);
        Assert.True(Number("after") >= 0.95, line);
        Assert.Equal(Number("after"), Number("reloaded")); // saved as .npz and loaded into a fresh network
    }

    /// <summary>
    /// The consumer: a console project in a folder of its own, with the package feed and
    /// nuget.org as its only sources, and empty Directory.Build and Directory.Packages files so
    /// that nothing of this repository (or of a folder above the temporary one) reaches its build.
    /// </summary>
    private IEnumerable<(string Name, string Text)> ConsumerFiles(string version)
    {
        yield return ("Directory.Build.props", "<Project />\n");
        yield return ("Directory.Build.targets", "<Project />\n");
        yield return ("Directory.Packages.props", "<Project />\n");
        yield return ("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <!-- ModelGen from the local feed only; its dependencies from nuget.org. -->
              <packageSourceMapping>
                <packageSource key="local"><package pattern="ModelGen" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        yield return ("Consumer.csproj", ConsumerProject(version, pinned: false));
        yield return ("Classifier.cs", """
            using ModelGen;

            namespace Demo;

            [Network(Input = [8], Batch = 30)]
            [Dense(16), Relu, Dense(3), SoftmaxCrossEntropy]
            public partial class Classifier;
            """);
        yield return ("Program.cs", """
            using Demo;
            using ModelGen.Data;
            using ModelGen.Optimizers;
            using ModelGen.Training;

            // Three classes of 8 features: class k sits at 2 on feature k; everything is noisy.
            static Dataset Synthetic(int count, int seed)
            {
                var random = new Random(seed);
                var inputs = new float[count * Classifier.InputSize];
                var labels = new int[count];
                for (int i = 0; i < count; i++)
                {
                    labels[i] = i % Classifier.OutputSize;
                    for (int j = 0; j < Classifier.InputSize; j++)
                        inputs[i * Classifier.InputSize + j] = (float)(random.NextDouble() - 0.5) + (j == labels[i] ? 2f : 0f);
                }
                return new Dataset(inputs, labels, [Classifier.InputSize]);
            }

            var train = Synthetic(300, seed: 1);
            var test = Synthetic(150, seed: 2);

            var net = new Classifier(seed: 0);
            double before = net.Accuracy(test);
            var trainer = new Trainer(net, new Adam(0.01f), seed: 0);
            double firstLoss = trainer.RunEpoch(train), lastLoss = firstLoss;
            while (trainer.Epoch < 10) lastLoss = trainer.RunEpoch(train);
            double after = net.Accuracy(test);

            string path = Path.Combine(Path.GetTempPath(), $"classifier-{Guid.NewGuid():N}.npz");
            net.Save(path);
            var reloaded = new Classifier(seed: 1);
            reloaded.Load(path);
            File.Delete(path);

            Console.WriteLine(FormattableString.Invariant(
                $"Classifier: {Classifier.ParameterCount} parameters, {trainer.Epoch * trainer.StepsPerEpoch(train.Count)} steps, loss {firstLoss:F4} -> {lastLoss:F4}, test accuracy {before:F3} -> {after:F3}, reloaded {reloaded.Accuracy(test):F3}"));
            """);
    }

    private static string ConsumerProject(string version, bool pinned) => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <!-- The generated code must compile clean in a strict project. NU1603 (a newer
                 dependency than asked for) is the package registry's doing, not ours. -->
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="ModelGen" Version="{{version}}" />
          </ItemGroup>
        {{(pinned ? PinningRecipe : "")}}</Project>
        """;

    /// <summary>README's "Pinning the generated code" lines (EmitCompilerGeneratedFiles is set already).</summary>
    private const string PinningRecipe = """
          <PropertyGroup>
            <CompilerGeneratedFilesOutputPath>Generated</CompilerGeneratedFilesOutputPath>
          </PropertyGroup>
          <ItemGroup>
            <Compile Remove="Generated/**" />
          </ItemGroup>

        """;

    private static XElement Child(XElement parent, string name) => parent.Elements().Single(e => e.Name.LocalName == name);

    [GeneratedRegex(@"^Classifier: (?<parameters>\d+) parameters, \d+ steps, loss (?<firstLoss>[\d.]+) -> (?<lastLoss>[\d.]+), test accuracy (?<before>[\d.]+) -> (?<after>[\d.]+), reloaded (?<reloaded>[\d.]+)$")]
    private static partial Regex ResultLine();
}
