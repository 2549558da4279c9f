using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Model
{
    /// <summary>
    /// A diagnostic as data: its descriptor, where it points and its message arguments. Reported
    /// only at the output step, so a failure travels down the pipeline like any other value.
    /// </summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
            => new(descriptor, location, new EquatableArray<string>(arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")));

        public Diagnostic ToDiagnostic()
            => Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
