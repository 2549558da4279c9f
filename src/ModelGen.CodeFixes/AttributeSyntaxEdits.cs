using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// The few edits the fixes make to attribute syntax, each keeping what the user wrote around
    /// it: other arguments (Init, Std, ...), spacing, comments, and how names are qualified.
    /// </summary>
    internal static class AttributeSyntaxEdits
    {
        /// <summary>
        /// The attribute with one argument set to <paramref name="value"/>: a constructor argument
        /// (<paramref name="position"/> given) is replaced where it is, whether written as
        /// <c>2</c> or <c>size: 2</c>; a named property is replaced where written, else added
        /// (unless <paramref name="onlyIfWritten"/>).
        /// </summary>
        public static AttributeSyntax SetArgument(AttributeSyntax attribute, string name, int? position, ExpressionSyntax value, bool onlyIfWritten = false)
        {
            var list = attribute.ArgumentList;
            var arguments = list?.Arguments ?? default;
            int index = Find(arguments, name, position);
            if (index >= 0)
            {
                var old = arguments[index];
                return attribute.WithArgumentList(list!.WithArguments(arguments.Replace(old, old.WithExpression(value.WithTriviaFrom(old.Expression)))));
            }
            // A constructor argument that is not there has no place to go; it would not compile anyway.
            if (onlyIfWritten || position is not null) return attribute;
            var added = AttributeArgument(
                NameEquals(IdentifierName(name), Token(SyntaxKind.EqualsToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space)),
                nameColon: null,
                value);
            return list is null
                ? attribute.WithArgumentList(AttributeArgumentList(SingletonSeparatedList(added)))
                : attribute.WithArgumentList(list.WithArguments(InsertAfter(arguments, arguments.Count - 1, added)));
        }

        /// <summary>
        /// <paramref name="node"/> inserted after the item at <paramref name="index"/>, separated by
        /// ", " (SeparatedSyntaxList.Insert would write a bare comma).
        /// </summary>
        public static SeparatedSyntaxList<T> InsertAfter<T>(SeparatedSyntaxList<T> list, int index, T node)
            where T : SyntaxNode
        {
            if (list.Count == 0) return SingletonSeparatedList(node);
            var nodes = new System.Collections.Generic.List<T>(list);
            var separators = new System.Collections.Generic.List<SyntaxToken>(list.GetSeparators());
            nodes.Insert(index + 1, node);
            // The separator between the item and the new node; the item's old separator, if any,
            // now follows the new node.
            separators.Insert(index, Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
            return SeparatedList(nodes, separators);
        }

        /// <summary>
        /// A layer attribute's name, qualified as <paramref name="like"/> is: Relu beside Step,
        /// ModelGen.Relu beside ModelGen.Step, ReluAttribute beside StepAttribute.
        /// </summary>
        public static NameSyntax LayerName(NameSyntax like, string kind) => like switch
        {
            QualifiedNameSyntax qualified => qualified.WithRight(Simple(qualified.Right, kind)),
            AliasQualifiedNameSyntax alias => alias.WithName(Simple(alias.Name, kind)),
            SimpleNameSyntax simple => Simple(simple, kind),
            _ => IdentifierName(kind),
        };

        public static ExpressionSyntax Literal(int value)
            => LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

        private static SimpleNameSyntax Simple(SimpleNameSyntax like, string kind)
            => IdentifierName(like.Identifier.ValueText.EndsWith("Attribute", System.StringComparison.Ordinal) ? kind + "Attribute" : kind).WithTriviaFrom(like);

        private static int Find(SeparatedSyntaxList<AttributeArgumentSyntax> arguments, string name, int? position)
        {
            for (int i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (position is null && argument.NameEquals?.Name.Identifier.ValueText == name) return i;
                if (position is not null && argument.NameColon?.Name.Identifier.ValueText == name) return i;
            }
            if (position is int p && p < arguments.Count && arguments[p] is { NameEquals: null, NameColon: null }) return p;
            return -1;
        }
    }
}
