using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// MG0011, a trainable network without a loss: add <c>SoftmaxCrossEntropy</c> after the last
    /// layer attribute, in the same attribute list, named as that attribute is named.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddLossFix)), Shared]
    public sealed class AddLossFix : CodeFixProvider
    {
        private const string Loss = "SoftmaxCrossEntropy";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingLoss);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // The diagnostic points at [Network(...)] (or the class's name): either way, inside the class declaration.
            var declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null) return;
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type) return;
            // The last layer may sit on another partial declaration, in another file.
            var last = ModelGenSymbols.LayerAttributesOf(type).LastOrDefault();
            var document = last is null ? null : context.Document.Project.Solution.GetDocument(last.SyntaxTree);
            if (last is null || document is null) return;
            context.RegisterCodeFix(
                CodeAction.Create($"Add {Loss} as the loss", ct => AddAfterAsync(document, last, ct), equivalenceKey: nameof(AddLossFix)),
                context.Diagnostics);
        }

        private static async Task<Solution> AddAfterAsync(Document document, SyntaxReference last, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || await last.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not AttributeSyntax attribute
                || attribute.Parent is not AttributeListSyntax list)
                return document.Project.Solution;
            var loss = Attribute(AttributeSyntaxEdits.LayerName(attribute.Name, Loss).WithoutTrivia());
            var attributes = AttributeSyntaxEdits.InsertAfter(list.Attributes, list.Attributes.IndexOf(attribute), loss);
            return document.WithSyntaxRoot(root.ReplaceNode(list, list.WithAttributes(attributes))).Project.Solution;
        }
    }
}
