using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator.Layers;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator
{
    /// <summary>
    /// Generates a fixed-shape, allocation-free trainer for every class marked [Network].
    /// The pipeline has pure stages, each cached on value equality of its output: parse, infer
    /// shapes, plan fusion, emit.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelGenGenerator : IIncrementalGenerator
    {
        /// <summary>Names of the tracked steps, for tests that assert what was cached.</summary>
        public static class TrackingNames
        {
            public const string Parse = nameof(Parse);
            public const string Infer = nameof(Infer);
            public const string Fuse = nameof(Fuse);
            public const string Identities = nameof(Identities);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Stage 1, parse: only classes carrying [Network] are visited (the compiler's own
            // attribute index finds them, so unrelated edits cost nothing), and each becomes a
            // NetworkSpec of plain values: no symbols or syntax survive this step.
            var specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NetworkParser.NetworkAttributeName,
                    // Records too, so that [Network] on one draws MG0017 instead of nothing.
                    predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    transform: static (ctx, ct) => SafeParse(ctx, ct))
                .WithTrackingName(TrackingNames.Parse);

            // Stage 2, infer shapes: spec -> plan plus diagnostics. Pure arithmetic on the spec,
            // so an unchanged spec is never inferred again.
            var plans = specs
                .Select(static (spec, _) => SafeInfer(spec))
                .WithTrackingName(TrackingNames.Infer);

            // Stage 3, plan fusion: which layers run inside which (a Conv takes its Relu and
            // MaxPool). A pure function of the plan, cached like the stages before it.
            var executionPlans = plans
                .Select(static (result, _) => new EmitInput(result.Plan is null ? null : Fusion.Plan(result.Plan), result.Diagnostics, result.Identity))
                .WithTrackingName(TrackingNames.Fuse);

            // Every network's identity, gathered: file names must be unique across the
            // compilation, and a class declared twice must get code once. The list changes only
            // when a network is added, removed or renamed, so the outputs stay cached otherwise.
            var identities = specs
                .Select(static (spec, _) => spec.Identity)
                .Collect()
                .Select(static (all, _) => new EquatableArray<NetworkIdentity>(all))
                .WithTrackingName(TrackingNames.Identities);

            // Stage 4, emit: report the diagnostics, and print the plan when there is one.
            context.RegisterSourceOutput(executionPlans.Combine(identities), static (output, pair) => SourceOutput.Write(output, pair.Left, pair.Right));
        }

        /// <summary>The output of shape inference, with what the later stages need and nothing else.</summary>
        internal sealed record InferenceResult(NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics, NetworkIdentity Identity);

        /// <summary>The output of fusion planning: what the output step prints, and the diagnostics it reports.</summary>
        internal sealed record EmitInput(ExecutionPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics, NetworkIdentity Identity);

        // The generator must never throw: an exception would surface as a cryptic CS8785 warning
        // and silently drop the generated class. Anything unexpected becomes MG0016 instead.
        private static NetworkSpec SafeParse(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
        {
            try
            {
                return NetworkParser.Parse(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var location = LocationInfo.From(context.TargetNode.GetLocation());
                string name = context.TargetSymbol.Name;
                var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, name, e.GetType().Name + ": " + e.Message);
                var identity = new NetworkIdentity(context.TargetSymbol.ToDisplayString(), name + ".g.cs", context.TargetNode.SyntaxTree.FilePath, context.TargetNode.SpanStart, location);
                return new NetworkSpec(null, name, "", EquatableArray<string>.Empty, identity, EquatableArray<string>.Empty, EquatableArray<int>.Empty, Defaults.Batch,
                    InitKind.Gaussian, false, EquatableArray<LayerSpec>.Empty, location, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
            }
        }

        /// <summary>
        /// A test seam: called before shape inference, so that tests can prove an unexpected
        /// exception becomes MG0016 instead of a crashed generator. Never set in production.
        /// Async-local, so that a test setting it affects only its own generator runs and not
        /// those of tests running beside it.
        /// </summary>
        internal static Action<string>? BeforeInferForTesting
        {
            get => s_beforeInferForTesting.Value;
            set => s_beforeInferForTesting.Value = value;
        }

        private static readonly System.Threading.AsyncLocal<Action<string>?> s_beforeInferForTesting = new();

        private static InferenceResult SafeInfer(NetworkSpec spec)
        {
            // A spec that already failed to parse has nothing more to say.
            if (spec.Diagnostics.Any(d => d.Descriptor.Id == DiagnosticDescriptors.InternalError.Id))
                return new InferenceResult(null, spec.Diagnostics, spec.Identity);
            try
            {
                BeforeInferForTesting?.Invoke(spec.ClassName);
                var (plan, diagnostics) = ShapeInference.Infer(spec);
                return new InferenceResult(plan, diagnostics, spec.Identity);
            }
            catch (Exception e)
            {
                var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, spec.ClassName, e.GetType().Name + ": " + e.Message);
                return new InferenceResult(null, new EquatableArray<DiagnosticInfo>(spec.Diagnostics.Concat(new[] { diagnostic }).ToArray()), spec.Identity);
            }
        }
    }
}
