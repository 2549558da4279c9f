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

            string? ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString();
            string hint = string.Join(".", new[] { ns }.Concat(containingTypes.Select(c => c.Name)).Concat(new[] { className }).Where(s => !string.IsNullOrEmpty(s))) + ".g.cs";

            return new NetworkSpec(
                ns,
                className,
                SyntaxFacts.GetText(symbol.DeclaredAccessibility),
                new EquatableArray<string>(containingTypes.Select(c => c.Declaration).ToArray()),
                hint,
                new EquatableArray<int>(input),
                batch,
                defaultInit,
                trainable,
                new EquatableArray<LayerSpec>(layers),
                networkLocation,
                new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>The class must be partial, not generic, and nested only in partial, non-generic types.</summary>
        private static void CheckDeclaration(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, out List<(string Name, string Declaration)> containingTypes)
        {
            var identifier = LocationInfo.From(declaration.Identifier.GetLocation());
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, identifier, symbol.Name));
            if (symbol.TypeParameters.Length > 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, identifier, symbol.Name));

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
                containingTypes.Insert(0, (outer.Name, $"partial {keyword} {outer.Name}"));
            }
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
