using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
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
    /// MG0001, a network class that is not partial, and MG0004, a network nested in a type that
    /// is not: add <c>partial</c> to the class, or to every enclosing type that lacks it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialFix)), Shared]
    public sealed class AddPartialFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ClassNotPartial, DiagnosticIds.ContainingTypeNotPartial);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // Both diagnostics point at the network class's name.
            if (root?.FindToken(context.Span.Start).Parent is not TypeDeclarationSyntax network) return;
            var document = context.Document;
            foreach (var diagnostic in context.Diagnostics)
            {
                var targets = diagnostic.Id == DiagnosticIds.ContainingTypeNotPartial
                    ? network.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList()
                    : network.Modifiers.Any(SyntaxKind.PartialKeyword) ? new List<TypeDeclarationSyntax>() : new List<TypeDeclarationSyntax> { network };
                if (targets.Count == 0) continue;
                string names = string.Join("', '", targets.Select(t => t.Identifier.ValueText));
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add 'partial' to '{names}'",
                        _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNodes(targets, (original, rewritten) => AddPartial(rewritten)))),
                        equivalenceKey: nameof(AddPartialFix) + diagnostic.Id),
                    diagnostic);
            }
        }

        /// <summary>
        /// 'partial' goes last among the modifiers: C# wants it right before 'class'. With no
        /// modifiers it takes the keyword's leading trivia (the line break after the attributes).
        /// </summary>
        private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
        {
            var partial = Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(Space);
            if (declaration.Modifiers.Count > 0) return declaration.WithModifiers(declaration.Modifiers.Add(partial));
            var keyword = declaration.Keyword;
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
    }
}
