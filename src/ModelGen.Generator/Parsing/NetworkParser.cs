using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Parsing
{
    /// <summary>
    /// Turns one class annotated with [Network] into a <see cref="NetworkSpec"/>: plain values,
    /// locations as data, problems as diagnostic data. No symbol or syntax node leaves here.
    /// </summary>
    internal static class NetworkParser
    {
        public const string NetworkAttributeName = "ModelGen.NetworkAttribute";
        private const string LayerAttributeName = "ModelGen.LayerAttribute";

        public static NetworkSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            string className = symbol.Name;

            CheckDeclaration(symbol, declaration, diagnostics, out var containingTypes);

            AttributeData network = context.Attributes[0];
            var networkLocation = AttributeLocation(network, cancellationToken) ?? LocationInfo.From(declaration.Identifier.GetLocation());
            int[] input = System.Array.Empty<int>();
            int batch = Defaults.Batch;
            var defaultInit = InitKind.Gaussian;
            bool trainable = true;
            foreach (var named in network.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Input" when named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull:
                        input = named.Value.Values.Select(v => v.Value is int i ? i : 0).ToArray();
                        break;
                    case "Batch" when named.Value.Value is int b:
                        batch = b;
                        break;
                    case "Init" when named.Value.Value is int init:
                        defaultInit = (InitKind)init;
                        break;
                    case "Trainable" when named.Value.Value is bool t:
                        trainable = t;
                        break;
                }
            }
            if (defaultInit == InitKind.Default) defaultInit = InitKind.Gaussian;

            var layers = ReadLayers(symbol, className, diagnostics, cancellationToken);

            string? ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(EscapedNames);
            // A file-local class is a type of its own in each file, under the same name.
            string fullName = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + (symbol.IsFileLocal ? " in " + declaration.SyntaxTree.FilePath : "");
            var identity = new NetworkIdentity(
                fullName,
                HintName(symbol),
                declaration.SyntaxTree.FilePath,
                declaration.SpanStart,
                LocationInfo.From(declaration.Identifier.GetLocation()));

            return new NetworkSpec(
                ns,
                className,
                SyntaxFacts.GetText(symbol.DeclaredAccessibility),
                new EquatableArray<string>(containingTypes.Select(c => c.Declaration).ToArray()),
                identity,
                new EquatableArray<string>(UserMembers(symbol)),
                new EquatableArray<int>(input),
                batch,
                defaultInit,
                trainable,
                new EquatableArray<LayerSpec>(layers),
                networkLocation,
                new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>Names as C# writes them, keywords escaped: namespace @class.x, not class.x.</summary>
        private static readonly SymbolDisplayFormat EscapedNames = SymbolDisplayFormat.CSharpErrorMessageFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        /// <summary>
        /// The generated file's name: namespace, containing types and class, with the arity of any
        /// generic among them ("Outer`1"), so that two classes get one name only if they are one.
        /// Names that differ only in case are told apart later, across the compilation.
        /// </summary>
        private static string HintName(INamedTypeSymbol symbol)
        {
            var parts = new List<string>();
            for (INamedTypeSymbol? t = symbol; t is not null; t = t.ContainingType)
                parts.Insert(0, t.TypeParameters.Length == 0 ? t.Name : $"{t.Name}`{t.TypeParameters.Length}");
            for (var ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
                parts.Insert(0, ns.Name);
            // Names are identifiers (letters, digits, '_'), which a file name can hold; anything
            // else a future name might bring becomes '_'.
            var text = string.Join(".", parts).Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '`' ? c : '_').ToArray();
            return new string(text) + ".g.cs";
        }

        /// <summary>
        /// The members the user declares in the class (on every partial declaration), by name; a
        /// constructor taking one int is listed as ".ctor(int)": the generated constructor has
        /// that signature.
        /// </summary>
        private static IEnumerable<string> UserMembers(INamedTypeSymbol symbol)
        {
            foreach (var member in symbol.GetMembers())
            {
                if (member.IsImplicitlyDeclared) continue;
                if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                {
                    if (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
                        yield return ".ctor(int)";
                    continue;
                }
                if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary }) continue; // accessors, operators
                yield return member.Name;
            }
            foreach (var nested in symbol.GetTypeMembers()) yield return nested.Name;
        }

        /// <summary>The class must be partial, not generic, and nested only in partial, non-generic types.</summary>
        private static void CheckDeclaration(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, out List<(string Name, string Declaration)> containingTypes)
        {
            var identifier = LocationInfo.From(declaration.Identifier.GetLocation());
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, identifier, symbol.Name));
            if (symbol.TypeParameters.Length > 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, identifier, symbol.Name));
            if (Unsupported(symbol) is { } problem)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDeclaration, identifier, symbol.Name, problem));

            containingTypes = new List<(string, string)>();
            for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.TypeParameters.Length > 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedInGeneric, identifier, symbol.Name, outer.Name));
                var outerSyntax = declaration.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault(t => t.Identifier.ValueText == outer.Name);
                if (outerSyntax is not null && !outerSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, identifier, symbol.Name, outer.Name));
                string keyword = outerSyntax switch
                {
                    RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                    RecordDeclarationSyntax => "record",
                    StructDeclarationSyntax => "struct",
                    InterfaceDeclarationSyntax => "interface",
                    _ => "class",
                };
                containingTypes.Insert(0, (outer.Name, $"partial {keyword} {Identifiers.Escape(outer.Name)}"));
            }
        }

        /// <summary>What kind of declaration the generated partial cannot complete, and what to change; null when it can.</summary>
        private static string? Unsupported(INamedTypeSymbol symbol)
        {
            if (symbol.IsStatic) return "it is static, and a network is an object with its own buffers; remove 'static'";
            if (symbol.IsRecord) return "it is a record, whose compiler-made equality and printing would walk every buffer; declare it as a class";
            if (symbol.IsFileLocal) return "it is file-local, and a 'file' class cannot be completed from the generated file; remove 'file'";
            bool primaryConstructor = symbol.DeclaringSyntaxReferences
                .Any(r => r.GetSyntax() is TypeDeclarationSyntax { ParameterList: not null });
            if (primaryConstructor) return "it has a primary constructor, which the generated constructor would have to call; declare the constructor in the class body";
            return null;
        }

        /// <summary>
        /// Reads the layer attributes in source order. Roslyn returns attributes in declaration
        /// order within one declaration; sorting by position makes that explicit.
        /// </summary>
        private static List<LayerSpec> ReadLayers(INamedTypeSymbol symbol, string className, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var found = new List<(AttributeData Data, LayerKindInfo Kind, AttributeSyntax? Syntax)>();
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type || !DerivesFrom(type, LayerAttributeName)) continue;
                if (LayerRegistry.Find(type.ToDisplayString()) is not { } kind) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                found.Add((attribute, kind, syntax));
            }

            var declarations = found.Select(f => f.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()).Where(d => d is not null).Distinct().ToList();
            if (declarations.Count > 1)
            {
                var second = found.First(f => f.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>() == declarations[1]);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersOnSeveralDeclarations, LocationInfo.From(second.Syntax?.GetLocation()), className));
            }

            var ordered = found
                .OrderBy(f => f.Syntax?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
                .ThenBy(f => f.Syntax?.SpanStart ?? 0)
                .ToList();

            var layers = new List<LayerSpec>(ordered.Count);
            for (int i = 0; i < ordered.Count; i++)
            {
                var (data, kind, syntax) = ordered[i];
                var arguments = new LayerArguments(data, i + 1, LocationInfo.From(syntax?.GetLocation()));
                if (arguments.Bound)
                {
                    layers.Add(kind.Read(arguments));
                    continue;
                }
                var unreadable = new UnreadableLayer(arguments.Position, arguments.Location, kind.Name);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableAttribute, arguments.Location, unreadable.Describe(), kind.Signature));
                layers.Add(unreadable);
            }
            return layers;
        }

        private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (t.ToDisplayString() == baseName) return true;
            }
            return false;
        }

        private static LocationInfo? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken)
            => LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
    }
}
