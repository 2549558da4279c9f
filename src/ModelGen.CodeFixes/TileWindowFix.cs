using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Model;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// MG0021, a convolution or pooling window that does not tile its input: offer each repair
    /// the generator worked out (it alone knows the input's height and width) and put in the
    /// diagnostic's properties, e.g. "Use Pad = 1: output 10x10". The fix sets those arguments
    /// of the attribute and leaves the others as written.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TileWindowFix)), Shared]
    public sealed class TileWindowFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.WindowDoesNotTile);

        // No fix-all: each repair is worked out for one layer's input, and fixing one layer
        // changes the input of every layer after it.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // The diagnostic points at the layer's attribute.
            if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute) return;
            var document = context.Document;
            foreach (var diagnostic in context.Diagnostics)
            {
                foreach (var (title, edits) in RepairProperties.Read(diagnostic.Properties))
                {
                    var repaired = attribute;
                    foreach (var edit in edits)
                        repaired = AttributeSyntaxEdits.SetArgument(repaired, edit.Name, edit.Position, AttributeSyntaxEdits.Literal(edit.Value), edit.OnlyIfWritten);
                    context.RegisterCodeFix(
                        CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, repaired))), equivalenceKey: nameof(TileWindowFix) + ":" + ArgumentEdit.Format(edits)),
                        diagnostic);
                }
            }
        }
    }
}
