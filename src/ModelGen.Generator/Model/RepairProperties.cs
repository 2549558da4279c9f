using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

// Compiled into both the generator and the code fixes (ModelGen.CodeFixes links this file), so
// that the writer and the reader of these properties are one piece of code and cannot drift.
// Only the generator knows a layer's input shape, so it works out the repairs; the code fix,
// which knows nothing of shapes, applies the one the user picks.
namespace ModelGen.Generator.Model
{
    /// <summary>
    /// The repairs a diagnostic offers, carried in its properties: for each, the title the IDE
    /// shows and the attribute-argument edits that make it, e.g.
    /// <c>Repair0.Title = "Use Pad = 1: output 10x10"</c>, <c>Repair0.Edits = "Pad=1"</c>.
    /// </summary>
    internal static class RepairProperties
    {
        private const string Prefix = "ModelGen.Repair";

        public static IEnumerable<KeyValuePair<string, string>> Write(IEnumerable<(string Title, IReadOnlyList<ArgumentEdit> Edits)> repairs)
        {
            int index = 0;
            foreach (var (title, edits) in repairs)
            {
                yield return new KeyValuePair<string, string>(TitleKey(index), title);
                yield return new KeyValuePair<string, string>(EditsKey(index), ArgumentEdit.Format(edits));
                index++;
            }
        }

        /// <summary>The repairs in the order offered; stops at the first index missing either half.</summary>
        public static IEnumerable<(string Title, IReadOnlyList<ArgumentEdit> Edits)> Read(ImmutableDictionary<string, string?> properties)
        {
            for (int index = 0; ; index++)
            {
                if (!properties.TryGetValue(TitleKey(index), out var title) || title is null) yield break;
                if (!properties.TryGetValue(EditsKey(index), out var edits) || edits is null) yield break;
                yield return (title, ArgumentEdit.Parse(edits));
            }
        }

        private static string TitleKey(int index) => Prefix + index.ToString(CultureInfo.InvariantCulture) + ".Title";

        private static string EditsKey(int index) => Prefix + index.ToString(CultureInfo.InvariantCulture) + ".Edits";
    }

    /// <summary>
    /// One change to a layer attribute's arguments: set the argument <see cref="Name"/> to
    /// <see cref="Value"/>. A constructor argument has its <see cref="Position"/> (found by name
    /// when written as <c>size: 2</c>, else by position); a named property has none and is
    /// added when absent, unless <see cref="OnlyIfWritten"/>: a pool's Stride defaults to its
    /// size, so a new size changes a written Stride with it and leaves an absent one absent.
    /// Written as "size@0=3", "Pad=1" and "Stride?=3", joined by ';'.
    /// </summary>
    internal sealed class ArgumentEdit
    {
        public ArgumentEdit(string name, int? position, int value, bool onlyIfWritten = false)
        {
            Name = name;
            Position = position;
            Value = value;
            OnlyIfWritten = onlyIfWritten;
        }

        public string Name { get; }

        public int? Position { get; }

        public int Value { get; }

        public bool OnlyIfWritten { get; }

        public override string ToString()
        {
            string value = Value.ToString(CultureInfo.InvariantCulture);
            if (Position is int position) return Name + "@" + position.ToString(CultureInfo.InvariantCulture) + "=" + value;
            return Name + (OnlyIfWritten ? "?=" : "=") + value;
        }

        public static string Format(IEnumerable<ArgumentEdit> edits) => string.Join(";", edits);

        /// <summary>The edits written by <see cref="Format"/>; anything malformed is skipped, never thrown on.</summary>
        public static IReadOnlyList<ArgumentEdit> Parse(string text)
        {
            var edits = new List<ArgumentEdit>();
            foreach (string part in text.Split(';'))
            {
                int equals = part.IndexOf('=');
                if (equals <= 0 || !int.TryParse(part.Substring(equals + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)) continue;
                string name = part.Substring(0, equals);
                bool onlyIfWritten = name.EndsWith("?", System.StringComparison.Ordinal);
                if (onlyIfWritten) name = name.Substring(0, name.Length - 1);
                int? position = null;
                int at = name.IndexOf('@');
                if (at > 0)
                {
                    if (!int.TryParse(name.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int p)) continue;
                    position = p;
                    name = name.Substring(0, at);
                }
                edits.Add(new ArgumentEdit(name, position, value, onlyIfWritten));
            }
            return edits;
        }
    }
}
