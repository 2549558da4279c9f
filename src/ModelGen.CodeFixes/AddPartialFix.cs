using System.Collections.Immutable;
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
    /// <summary>MG0001, a network class that is not partial: add <c>partial</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialFix)), Shared]
    public sealed class AddPartialFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ClassNotPartial);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // The diagnostic points at the class's name.
            if (root?.FindToken(context.Span.Start).Parent is not TypeDeclarationSyntax declaration) return;
            if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add 'partial' to '{declaration.Identifier.ValueText}'",
                    _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(declaration, AddPartial(declaration)))),
                    equivalenceKey: nameof(AddPartialFix)),
                context.Diagnostics);
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
