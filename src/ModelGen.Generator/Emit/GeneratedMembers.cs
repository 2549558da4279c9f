using System.Text.RegularExpressions;

namespace ModelGen.Generator.Emit
{
    /// <summary>
    /// The names of the members a generated class declares, read back from the generated text:
    /// every line at the class's member indentation that starts with an access modifier declares
    /// one (constants, fields, properties, methods; explicit interface implementations start with
    /// their type and declare none). The constructor is reported as ".ctor(int)". A user member
    /// of one of these names, or a class named like one, would not compile (MG0018).
    /// </summary>
    internal static class GeneratedMembers
    {
        private static readonly Regex s_declaration = new(
            @"^(?:public|private|internal|protected)\b[^=;({]*?\b(?<name>@?[A-Za-z_][A-Za-z0-9_]*)\s*(?:=>|=|;|\()",
            RegexOptions.CultureInvariant);

        public static HashSet<string> In(string source, NetworkSpec spec)
        {
            int depth = 1 + spec.ContainingTypes.Count + (spec.Namespace is null ? 0 : 1);
            string indent = new(' ', 4 * depth);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in source.Split('\n'))
            {
                if (!line.StartsWith(indent, StringComparison.Ordinal) || line.Length == indent.Length || line[indent.Length] == ' ') continue;
                string declaration = line.Substring(indent.Length);
                if (declaration.StartsWith($"public {spec.ClassIdentifier}(int ", StringComparison.Ordinal))
                {
                    names.Add(".ctor(int)");
                    continue;
                }
                var match = s_declaration.Match(declaration);
                if (match.Success) names.Add(match.Groups["name"].Value.TrimStart('@'));
            }
            return names;
        }
    }
}
