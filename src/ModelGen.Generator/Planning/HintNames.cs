namespace ModelGen.Generator.Planning
{
    /// <summary>
    /// File names for the generated sources, unique across the compilation: Roslyn refuses two
    /// equal names (ignoring case) and then drops every generated file, so one bad pair would take
    /// down every network. A name is the class's namespace, containing types and name; where two
    /// different classes' names differ only in case (Net and NET), each gets a short hash of its
    /// full name. The same class declared twice gets code once, for its first declaration.
    /// </summary>
    internal static class HintNames
    {
        /// <summary>
        /// The file name for <paramref name="identity"/> among <paramref name="all"/> the networks of
        /// the compilation, or null when it repeats an earlier declaration of the same class, which
        /// <paramref name="first"/> then names.
        /// </summary>
        public static string? For(NetworkIdentity identity, EquatableArray<NetworkIdentity> all, out NetworkIdentity? first)
        {
            first = all
                .Where(other => other.FullName == identity.FullName)
                .OrderBy(other => other.FilePath, StringComparer.Ordinal)
                .ThenBy(other => other.Position)
                .First();
            if (first != identity) return null;
            first = null;
            bool caseTwin = all.Any(other => other.FullName != identity.FullName && string.Equals(other.HintName, identity.HintName, StringComparison.OrdinalIgnoreCase));
            if (!caseTwin) return identity.HintName;
            string stem = identity.HintName.Substring(0, identity.HintName.Length - ".g.cs".Length);
            return $"{stem}.{Fnv1a(identity.FullName):x8}.g.cs";
        }

        /// <summary>FNV-1a, 32 bits: stable across runs and machines, unlike string.GetHashCode.</summary>
        private static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash ^= c;
                hash *= 16777619;
            }
            return hash;
        }
    }
}
