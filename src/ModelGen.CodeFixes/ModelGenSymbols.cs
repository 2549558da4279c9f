using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.CodeFixes
{
    /// <summary>The runtime's attributes as the fixes find them: by metadata name, as the generator does.</summary>
    internal static class ModelGenSymbols
    {
        private const string NetworkAttribute = "ModelGen.NetworkAttribute";
        private const string LayerAttribute = "ModelGen.LayerAttribute";

        /// <summary>Where [Network] is applied to the class, on whichever partial declaration; null when nowhere.</summary>
        public static SyntaxReference? NetworkAttributeOf(INamedTypeSymbol type)
            => type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute)?.ApplicationSyntaxReference;

        /// <summary>
        /// Where the layer attributes are applied, in the order the generator reads them: by file
        /// path, then by position in the file.
        /// </summary>
        public static IEnumerable<SyntaxReference> LayerAttributesOf(INamedTypeSymbol type)
            => type.GetAttributes()
                .Where(a => IsLayer(a.AttributeClass))
                .Select(a => a.ApplicationSyntaxReference)
                .OfType<SyntaxReference>()
                .OrderBy(r => r.SyntaxTree.FilePath, System.StringComparer.Ordinal)
                .ThenBy(r => r.Span.Start);

        private static bool IsLayer(INamedTypeSymbol? type)
        {
            for (var t = type?.BaseType; t is not null; t = t.BaseType)
            {
                if (t.ToDisplayString() == LayerAttribute) return true;
            }
            return false;
        }
    }
}
