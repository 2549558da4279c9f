using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// MG0013, Step in a trainable network: use <c>Relu</c> in its place (a network that trains),
    /// or declare the network <c>Trainable = false</c> (a forward-only one, like the perceptron).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceStepFix)), Shared]
    public sealed class ReplaceStepFix : CodeFixProvider
    {
        private const string UseRelu = nameof(ReplaceStepFix) + ".Relu";
        private const string NotTrainable = nameof(ReplaceStepFix) + ".TrainableFalse";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.StepInTrainable);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // The diagnostic points at the Step attribute.
            if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { } step) return;
            var document = context.Document;
            var relu = step.WithName(AttributeSyntaxEdits.LayerName(step.Name, "Relu"));
            context.RegisterCodeFix(
                CodeAction.Create("Use Relu instead of Step", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(step, relu))), equivalenceKey: UseRelu),
                context.Diagnostics);

            // [Network] may sit on another partial declaration, in another file.
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var declaration = step.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type) return;
            if (ModelGenSymbols.NetworkAttributeOf(type) is not { } network || document.Project.Solution.GetDocument(network.SyntaxTree) is not { } networkDocument) return;
            context.RegisterCodeFix(
                CodeAction.Create("Declare the network Trainable = false", ct => NotTrainableAsync(networkDocument, network, ct), equivalenceKey: NotTrainable),
                context.Diagnostics);
        }

        private static async Task<Solution> NotTrainableAsync(Document document, SyntaxReference network, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || await network.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not AttributeSyntax attribute)
                return document.Project.Solution;
            var edited = AttributeSyntaxEdits.SetArgument(attribute, "Trainable", position: null, LiteralExpression(SyntaxKind.FalseLiteralExpression));
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, edited)).Project.Solution;
        }
    }
}
