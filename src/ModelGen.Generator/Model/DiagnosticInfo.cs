using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Model
{
    /// <summary>
    /// A diagnostic as data: its descriptor, where it points, its message arguments, and the
    /// properties an IDE code fix reads (the repairs it may offer; see <see cref="RepairProperties"/>).
    /// Reported only at the output step, so a failure travels down the pipeline like any other value.
    /// </summary>
    internal sealed record DiagnosticInfo(
        DiagnosticDescriptor Descriptor,
        LocationInfo? Location,
        EquatableArray<string> Arguments,
        EquatableArray<DiagnosticProperty> Properties = default)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
            => new(descriptor, location, new EquatableArray<string>(arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")));

        /// <summary>The same diagnostic, carrying these properties.</summary>
        public DiagnosticInfo WithProperties(IEnumerable<KeyValuePair<string, string>> properties)
            => this with { Properties = new EquatableArray<DiagnosticProperty>(properties.Select(p => new DiagnosticProperty(p.Key, p.Value))) };

        public Diagnostic ToDiagnostic()
        {
            var properties = Properties.Count == 0
                ? null
                : ImmutableDictionary.CreateRange(Properties.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
            return Diagnostic.Create(Descriptor, Location?.ToLocation(), properties, Arguments.Cast<object>().ToArray());
        }
    }

    /// <summary>One of a diagnostic's properties; a record, so that diagnostics still compare by value.</summary>
    internal sealed record DiagnosticProperty(string Key, string Value);
}
