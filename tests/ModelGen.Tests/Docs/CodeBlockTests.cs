using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Tests.Docs;

/// <summary>
/// Every C# code block in README.md and docs/**/*.md, compiled or checked on every test run, so
/// that the docs break the build when the API or the generated code changes. The rules, also in
/// docs/README.md for the people who write the docs:
/// <list type="number">
/// <item>Each fenced block whose info string starts with <c>csharp</c> is one test case, named by
/// its file and the line of its opening fence (<c>README.md:42</c>); every failure names that
/// place, and the line of the document a compiler message points at. C# must be fenced as
/// <c>csharp</c>: <c>cs</c> and <c>c#</c> would escape the test, so they fail it.</item>
/// <item><b>```csharp</b>: a file of a console project that references ModelGen (net10.0,
/// nullable enabled, the SDK's implicit usings), compiled with the ModelGen generator run over
/// it as a build does. It must compile with no error and no warning, the generator's included.
/// A block with top-level statements is the project's Program.cs (its statements are the body of
/// Main); a block without is a library file.</item>
/// <item><b>Scope.</b> A block sees the types declared by the blocks above it in the same
/// document, each as a file of the same project: for each name, the latest declaration above it,
/// unless the block declares that name itself. So README's "Using it" sees the TwoLayerNet
/// declared above it. A block that has no <c>using</c> directive of its own is a fragment, and
/// gets the using directives of the blocks above it too. Only plain blocks declare anything for
/// the blocks below.</item>
/// <item><b>```csharp excerpt</b>: a quote of generated code, which cannot compile. It is matched
/// against the code the generator writes for the networks in scope: a line that is only
/// <c>...</c> stands for any number of lines, <c>...</c> inside a line for any text (line breaks
/// included); indentation and blank lines do not count; every other line must appear, in order
/// and unchanged, in one generated file.</item>
/// <item><b>```csharp error</b>: code that must fail. It compiles as a plain block, and the
/// errors and warnings, the generator's and the compiler's, must be exactly those its comments
/// mark: a comment that starts with IDs (<c>// MG0001: add partial</c>,
/// <c>// MG0019, CS0579: ...</c>) says that each of those diagnostics starts on its line.</item>
/// <item><b>docs/diagnostics.md</b>: every diagnostic the generator can report has a section
/// headed <c>## MGxxxx</c> with at least one error block that marks that ID, and no error block
/// marks another MG ID; MG0016 alone has none, since only a bug in ModelGen causes it. A section
/// says <c>**Fix in the IDE:**</c> exactly when ModelGen.CodeFixes offers a fix for its ID.</item>
/// </list>
/// </summary>
public sealed partial class CodeBlockTests(ITestOutputHelper output)
{
    private const string DiagnosticsDocument = "docs/diagnostics.md";

    /// <summary>The usings the SDK adds to a console project (ImplicitUsings).</summary>
    private static readonly string[] s_implicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] s_knownTags = ["excerpt", "error"];

    public static IEnumerable<object[]> CSharpBlocks() =>
        MarkdownCodeBlocks.Documents().SelectMany(d => MarkdownCodeBlocks.Read(d)).Where(b => b.Language == "csharp").Select(b => new object[] { b.Id });

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void Block(string id)
    {
        string file = id[..id.LastIndexOf(':')];
        var blocks = MarkdownCodeBlocks.Read(file).Where(b => b.Language == "csharp").ToImmutableArray();
        var block = blocks.Single(b => b.Id == id);
        var above = blocks.TakeWhile(b => b != block).Where(b => b.Tags.IsEmpty).ToImmutableArray();

        var unknown = block.Tags.Except(s_knownTags).ToList();
        Assert.True(unknown.Count == 0, $"{id}: unknown tag(s) {string.Join(", ", unknown)} in the fence; known: {string.Join(", ", s_knownTags)}.");
        Assert.False(block.Has("excerpt") && block.Has("error"), $"{id}: a block is an excerpt or an error example, not both.");

        if (block.Has("excerpt"))
        {
            CheckExcerpt(block, above);
            return;
        }

        var compiled = Compile(block, above);
        var reported = compiled.Diagnostics.Select(d => compiled.Describe(d)).ToList();
        if (!block.Has("error"))
        {
            Assert.True(reported.Count == 0, $"{id} does not compile cleanly:\n{string.Join("\n", reported)}");
            return;
        }

        var marks = Marks(compiled.BlockTree!).Select(m => (Line: block.FileLine(m.Line), m.Id)).Order().ToList();
        Assert.True(marks.Count > 0, $"{id}: an error block must mark the diagnostics it causes with a comment such as // MG0001: on the line where each starts.");
        if (file == DiagnosticsDocument)
        {
            var others = marks.Where(m => m.Id.StartsWith("MG", StringComparison.Ordinal) && m.Id != block.Section).ToList();
            Assert.True(others.Count == 0, $"{id}: a block under ## {block.Section} illustrates {block.Section}, but this one marks {string.Join(", ", others.Select(m => $"{m.Id} (line {m.Line})"))}.");
        }

        var found = compiled.Diagnostics.Select(d => (Line: compiled.FileLine(d), d.Id)).ToList();
        var actual = found.Where(f => f.Line is not null).Select(f => (Line: f.Line!.Value, f.Id)).Order().ToList();
        Assert.True(
            found.All(f => f.Line is not null) && marks.SequenceEqual(actual),
            $"{id}: the comments mark {Listed(marks)}, but compiling it reports:\n{(reported.Count == 0 ? "nothing" : string.Join("\n", reported))}");
    }

    /// <summary>What the test covers, per document, and no C# block it cannot see.</summary>
    [Fact]
    public void Every_CSharp_block_is_fenced_so_the_test_finds_it()
    {
        var aliases = new[] { "cs", "c#", "csharp" };
        foreach (string file in MarkdownCodeBlocks.Documents())
        {
            var blocks = MarkdownCodeBlocks.Read(file);
            foreach (var block in blocks)
            {
                bool isCSharp = aliases.Contains(block.Language, StringComparer.OrdinalIgnoreCase);
                Assert.False(isCSharp && block.Language != "csharp",
                    $"{block.Id}: fence C# as ```csharp (not ```{block.Language}), or the code-block test does not compile it.");
            }
            var csharp = blocks.Where(b => b.Language == "csharp").ToList();
            output.WriteLine($"{file}: {csharp.Count} C# blocks: {csharp.Count(b => b.Tags.IsEmpty)} compiled clean, " +
                $"{csharp.Count(b => b.Has("error"))} compiled for their diagnostics, {csharp.Count(b => b.Has("excerpt"))} excerpts matched against generated code");
        }
        Assert.Contains(MarkdownCodeBlocks.Read("README.md"), b => b.Language == "csharp" && b.Tags.IsEmpty);
        Assert.Contains(MarkdownCodeBlocks.Read("README.md"), b => b.Language == "csharp" && b.Has("excerpt"));
    }

    /// <summary>docs/diagnostics.md covers every diagnostic, with an example, and names the IDE's fixes.</summary>
    [Fact]
    public void Every_diagnostic_has_a_section_with_an_example()
    {
        var ids = typeof(ModelGenGenerator).Assembly.GetType("ModelGen.Generator.DiagnosticDescriptors")!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).Order(StringComparer.Ordinal).ToList();
        var fixable = typeof(ModelGen.CodeFixes.AddPartialFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds).ToHashSet();

        string text = File.ReadAllText(RepositoryRoot.File("docs", "diagnostics.md")).Replace("\r\n", "\n");
        var sections = SectionHeading().Matches(text).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(ids, sections);

        var blocks = MarkdownCodeBlocks.Read(DiagnosticsDocument);
        var withoutExample = new List<string>();
        foreach (string id in ids)
        {
            bool hasExample = blocks.Any(b => b.Section == id && b.Language == "csharp" && b.Has("error") && b.Code.Contains("// " + id, StringComparison.Ordinal));
            if (!hasExample) withoutExample.Add(id);

            int start = text.IndexOf($"\n## {id}\n", StringComparison.Ordinal);
            int end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = text[start..(end < 0 ? text.Length : end)];
            Assert.True(fixable.Contains(id) == section.Contains("**Fix in the IDE:**", StringComparison.Ordinal),
                $"{DiagnosticsDocument}, ## {id}: ModelGen.CodeFixes {(fixable.Contains(id) ? "has" : "has no")} fix for {id}, so the section should {(fixable.Contains(id) ? "" : "not ")}say **Fix in the IDE:**.");
        }
        // MG0016 is ModelGen failing: no declaration should cause it, so none can illustrate it.
        Assert.True(withoutExample.SequenceEqual(["MG0016"]),
            $"{DiagnosticsDocument}: every section but MG0016 needs a ```csharp error block that marks its ID; without one: {string.Join(", ", withoutExample.Where(i => i != "MG0016"))}" +
            (withoutExample.Contains("MG0016") ? "" : "; MG0016 has one, but only a bug in ModelGen can cause it"));
    }

    // ---- Compiling a block ----

    private sealed record Compiled(SyntaxTree? BlockTree, MarkdownCodeBlock? Block, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<(string HintName, string Source)> Generated)
    {
        /// <summary>The line of the Markdown file a diagnostic starts on, when it is in the block.</summary>
        public int? FileLine(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            return BlockTree is not null && span.IsValid && span.Path == BlockTree.FilePath ? Block!.FileLine(span.StartLinePosition.Line) : null;
        }

        public string Describe(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            string where = FileLine(d) is { } line ? $"{Block!.File}:{line}" : span.IsValid ? $"{span.Path}, line {span.StartLinePosition.Line + 1}" : "(no location)";
            return $"  {where}: {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>
    /// The block (or, with none, only its scope) as a project: the block, the implicit usings (and
    /// a fragment's usings from above), and the declarations above it; then the generator.
    /// </summary>
    private static Compiled Compile(MarkdownCodeBlock? block, ImmutableArray<MarkdownCodeBlock> above)
    {
        var trees = new List<SyntaxTree>();
        SyntaxTree? blockTree = null;
        var declaredHere = new HashSet<string>(StringComparer.Ordinal);
        bool fragment = true;
        if (block is not null)
        {
            blockTree = CSharpSyntaxTree.ParseText(block.Code, GeneratorHarness.ParseOptions, path: block.Id, encoding: Encoding.UTF8);
            var root = blockTree.GetCompilationUnitRoot();
            declaredHere.UnionWith(Declarations(root).Select(d => d.Key));
            fragment = root.Usings.Count == 0;
            trees.Add(blockTree);
        }

        var scope = new Dictionary<string, (MarkdownCodeBlock From, string Source)>(StringComparer.Ordinal);
        var usings = new List<string>(s_implicitUsings.Select(u => $"global using {u};"));
        foreach (var earlier in above)
        {
            var root = CSharpSyntaxTree.ParseText(earlier.Code, GeneratorHarness.ParseOptions).GetCompilationUnitRoot();
            foreach (var (key, source) in Declarations(root)) scope[key] = (earlier, source);
            if (fragment)
                usings.AddRange(root.Usings.Select(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) ? u.ToString() : "global " + u.ToString()));
        }
        trees.Add(CSharpSyntaxTree.ParseText(string.Join("\n", usings.Distinct(StringComparer.Ordinal)), GeneratorHarness.ParseOptions, path: "(implicit usings)", encoding: Encoding.UTF8));
        foreach (var (key, (from, source)) in scope.Where(s => !declaredHere.Contains(s.Key)))
            trees.Add(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: $"{key}, declared in {from.Id}", encoding: Encoding.UTF8));

        bool program = blockTree?.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any() == true;
        var compilation = CSharpCompilation.Create(
            "DocsExample",
            trees,
            GeneratorHarness.References,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out var generatorDiagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray();
        var diagnostics = generatorDiagnostics.Concat(outputCompilation.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .ToImmutableArray();
        return new Compiled(blockTree, block, diagnostics, generated);
    }

    /// <summary>
    /// The types a block declares, each as a file of its own: the block's using directives, its
    /// namespace, and the declaration. Keyed by namespace, name and arity.
    /// </summary>
    private static IEnumerable<(string Key, string Source)> Declarations(CompilationUnitSyntax root)
    {
        string usings = string.Concat(root.Usings.Select(u => u.ToFullString()));
        return Walk(root.Members, "", usings);

        static IEnumerable<(string Key, string Source)> Walk(SyntaxList<MemberDeclarationSyntax> members, string ns, string usings)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax inner:
                        string name = ns.Length == 0 ? inner.Name.ToString() : ns + "." + inner.Name;
                        string innerUsings = usings + string.Concat(inner.Usings.Select(u => u.ToFullString()));
                        foreach (var d in Walk(inner.Members, name, innerUsings)) yield return d;
                        break;
                    case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                        var (identifier, arity) = member switch
                        {
                            TypeDeclarationSyntax t => (t.Identifier.ValueText, t.Arity),
                            DelegateDeclarationSyntax d => (d.Identifier.ValueText, d.Arity),
                            BaseTypeDeclarationSyntax b => (b.Identifier.ValueText, 0),
                            _ => throw new InvalidOperationException(),
                        };
                        string key = (ns.Length == 0 ? "" : ns + ".") + identifier + (arity == 0 ? "" : "`" + arity);
                        string header = ns.Length == 0 ? "" : $"namespace {ns};\n";
                        // Usings before the namespace, as C# requires; the declaration as written.
                        yield return (key, usings + "\n" + header + member.ToFullString());
                        break;
                }
            }
        }
    }

    /// <summary>The IDs a comment marks on its line: <c>// MG0019, CS0579: ...</c>.</summary>
    private static IEnumerable<(int Line, string Id)> Marks(SyntaxTree tree)
    {
        foreach (var trivia in tree.GetRoot().DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)))
        {
            var match = MarkComment().Match(trivia.ToString());
            if (!match.Success) continue;
            int line = trivia.GetLocation().GetLineSpan().StartLinePosition.Line;
            foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries))
                yield return (line, id);
        }
    }

    private static string Listed(IEnumerable<(int Line, string Id)> marks) =>
        marks.Any() ? string.Join(", ", marks.Select(m => $"{m.Id} on line {m.Line}")) : "nothing";

    // ---- Checking an excerpt ----

    private static void CheckExcerpt(MarkdownCodeBlock block, ImmutableArray<MarkdownCodeBlock> above)
    {
        var lines = block.Code.Split('\n').Select((text, index) => (Text: text.Trim(), Line: block.FileLine(index))).Where(l => l.Text.Length > 0).ToList();
        Assert.True(lines.Any(l => l.Text != "..."), $"{block.Id}: an excerpt quotes at least one line.");

        var scope = Compile(null, above);
        Assert.True(scope.Diagnostics.IsEmpty, $"{block.Id}: the declarations above the excerpt do not compile cleanly:\n{string.Join("\n", scope.Diagnostics.Select(d => scope.Describe(d)))}");
        Assert.True(scope.Generated.Length > 0, $"{block.Id}: an excerpt quotes the code generated for a network declared above it, but there is none above it in {block.File}.");

        var files = scope.Generated.Select(g => (g.HintName, Text: Normalize(g.Source))).ToList();
        if (files.Any(f => ExcerptPattern(lines.Select(l => l.Text), lines.Count).IsMatch(f.Text))) return;

        // Say where it stops matching: the longest start of the excerpt that one file contains.
        var best = files.Select(f => (f.HintName, Matched: Enumerable.Range(0, lines.Count).TakeWhile(n => ExcerptPattern(lines.Select(l => l.Text), n + 1).IsMatch(f.Text)).Count()))
            .MaxBy(f => f.Matched);
        var (text, line) = lines[best.Matched];
        Assert.Fail($"{block.Id}: the excerpt is not in the generated code. The closest file, {best.HintName}, holds its first {best.Matched} line(s) but not {block.File}:{line}:\n    {text}\n" +
            $"Generated files: {string.Join(", ", files.Select(f => f.HintName))}. Quote the generated code as it is now, eliding with ... .");
    }

    /// <summary>Trimmed, non-blank lines, each ending in a line break.</summary>
    private static string Normalize(string code) =>
        string.Concat(code.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l + "\n"));

    /// <summary>
    /// The first <paramref name="count"/> excerpt lines as a pattern over normalized text: each line
    /// whole, from its start to its break; <c>...</c> alone skips whole lines, inside a line any text.
    /// </summary>
    private static Regex ExcerptPattern(IEnumerable<string> lines, int count)
    {
        var pattern = new StringBuilder("^");
        foreach (string line in lines.Take(count))
        {
            if (line == "...")
            {
                pattern.Append(@"(?:[^\n]*\n)*?");
                continue;
            }
            pattern.Append(string.Join(@"[\s\S]*?", line.Split("...").Select(Regex.Escape))).Append(@"\n");
        }
        return new Regex(pattern.ToString(), RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(20));
    }

    [GeneratedRegex(@"^## (?<id>MG\d{4})$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^//\s*(?<ids>(?:MG|CS)\d{4}(?:\s*,\s*(?:MG|CS)\d{4})*)\b")]
    private static partial Regex MarkComment();
}
