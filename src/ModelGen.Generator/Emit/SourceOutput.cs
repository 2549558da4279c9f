using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emit
{
    /// <summary>
    /// The pipeline's last step for one network: report its diagnostics, and add its source
    /// unless the class is declared twice (MG0019) or its names collide with generated ones
    /// (MG0018). A generated file that could not compile is worse than none: the compiler's
    /// errors would point into code the user never wrote.
    /// </summary>
    internal static class SourceOutput
    {
        public static void Write(SourceProductionContext output, ModelGenGenerator.EmitInput input, EquatableArray<NetworkIdentity> all)
        {
            string? hint = HintNames.For(input.Identity, all, out var first);
            if (hint is null)
            {
                // The first declaration reports this class's own diagnostics; repeating them here would double them.
                string where = $"{System.IO.Path.GetFileName(first!.FilePath)}, line {(first.Location?.LineSpan.Start.Line ?? 0) + 1}";
                string name = input.Plan?.Spec.ClassName ?? input.Identity.FullName;
                output.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetwork, input.Identity.Location, name, where).ToDiagnostic());
                return;
            }
            foreach (var diagnostic in input.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (input.Plan is null) return;
            var spec = input.Plan.Spec;
            string source;
            try
            {
                source = NetworkEmitter.Emit(input.Plan);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, spec.Location?.ToLocation(), spec.ClassName, e.Message));
                return;
            }
            if (Collision(source, spec) is { } collision)
            {
                output.ReportDiagnostic(collision.ToDiagnostic());
                return;
            }
            output.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
        }

        /// <summary>MG0018 for the class's own name or a user member named like a generated member; null when there is none.</summary>
        private static DiagnosticInfo? Collision(string source, NetworkSpec spec)
        {
            var generated = GeneratedMembers.In(source, spec);
            string? what = null, name = null;
            if (generated.Contains(spec.ClassName))
                (what, name) = ("the class's own name", spec.ClassName);
            else if (spec.UserMembers.FirstOrDefault(generated.Contains) is { } member)
                (what, name) = (member == ".ctor(int)" ? "the constructor taking one int" : $"the member '{member}'", member == ".ctor(int)" ? $"{spec.ClassName}(int seed)" : member);
            return what is null ? null : DiagnosticInfo.Create(DiagnosticDescriptors.MemberCollision, spec.Identity.Location, spec.ClassName, what, name!);
        }
    }
}
