using Microsoft.CodeAnalysis;

namespace ModelGen.Generator
{
    /// <summary>
    /// Every diagnostic the generator reports. Messages name the layer (position and kind) and
    /// the numbers involved; docs/diagnostics.md explains each one with an example and a fix.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "ModelGen";

        // No help link: the project has no published address yet, and a link to a placeholder
        // would send users nowhere. The description names the document in the repository instead.
        private static DiagnosticDescriptor Error(string id, string title, string message)
            => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: $"Explained, with an example and the fix, in docs/diagnostics.md#{id.ToLowerInvariant()} of the ModelGen repository.");

        // Declaration problems: where the class is and what it is.
        public static readonly DiagnosticDescriptor ClassNotPartial = Error("MG0001",
            "Network class must be partial",
            "Network class '{0}' must be declared partial so that ModelGen can generate the rest of it");

        public static readonly DiagnosticDescriptor GenericClass = Error("MG0002",
            "Network class must not be generic",
            "Network class '{0}' must not be generic: every shape is fixed at compile time");

        public static readonly DiagnosticDescriptor NestedInGeneric = Error("MG0003",
            "Network class must not be nested in a generic type",
            "Network class '{0}' is nested in the generic type '{1}'; move it out");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("MG0004",
            "Containing type must be partial",
            "Network class '{0}' is nested in '{1}', which must also be declared partial");

        // Network-level arguments.
        public static readonly DiagnosticDescriptor MissingInput = Error("MG0005",
            "Network declares no input shape",
            "Network '{0}' declares no input shape; set Input, for example [Network(Input = [784])] or [Network(Input = [1, 28, 28])]");

        public static readonly DiagnosticDescriptor InvalidInput = Error("MG0006",
            "Invalid input shape",
            "Input shape [{1}] of network '{0}' is invalid: {2}");

        public static readonly DiagnosticDescriptor InvalidBatch = Error("MG0007",
            "Invalid batch size",
            "Batch size {1} of network '{0}' is invalid: it must be between 1 and {2}");

        // Layer arguments.
        public static readonly DiagnosticDescriptor InvalidLayerArgument = Error("MG0008",
            "Invalid layer argument",
            "{0}: {1} is {2}; it must be {3}");

        public static readonly DiagnosticDescriptor UnreadableAttribute = Error("MG0009",
            "Attribute arguments could not be read",
            "{0}: the attribute's arguments could not be read; expected {1}");

        // The order of layers.
        public static readonly DiagnosticDescriptor NoLayers = Error("MG0010",
            "Network declares no layers",
            "Network '{0}' declares no layers; add layer attributes such as [Dense(10), SoftmaxCrossEntropy]");

        public static readonly DiagnosticDescriptor MissingLoss = Error("MG0011",
            "Network has no loss",
            "Network '{0}' has no loss layer; end it with SoftmaxCrossEntropy or MeanSquaredError, or declare it [Network(Trainable = false)] for a forward-only network");

        public static readonly DiagnosticDescriptor LayerAfterLoss = Error("MG0012",
            "Layer after the loss",
            "{0} comes after the loss, {1}; the loss must be the last layer");

        public static readonly DiagnosticDescriptor StepInTrainable = Error("MG0013",
            "Step cannot be trained",
            "{0}: Step has a zero gradient everywhere, so a network with it cannot be trained; use Sigmoid or Relu, or declare the network [Network(Trainable = false)]");

        public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error("MG0014",
            "Layers declared on several partial declarations",
            "Network '{0}' has layer attributes on more than one partial declaration, so their order is ambiguous; keep all layer attributes on one declaration");

        public static readonly DiagnosticDescriptor TooLarge = Error("MG0015",
            "Network too large",
            "{0}: {1} needs {2} values, more than the {3} one buffer may hold");

        public static readonly DiagnosticDescriptor UnsupportedDeclaration = Error("MG0017",
            "Network declaration cannot be completed",
            "Network class '{0}' cannot be completed by the generated code: {1}");

        public static readonly DiagnosticDescriptor MemberCollision = Error("MG0018",
            "Name collides with a generated member",
            "Network class '{0}': {1} is also a member ModelGen generates ({2}); rename it");

        public static readonly DiagnosticDescriptor DuplicateNetwork = Error("MG0019",
            "Network declared twice",
            "Network class '{0}' carries [Network] on more than one declaration; code is generated for the first (in {1}) only, keep [Network] on one");

        public static readonly DiagnosticDescriptor InternalError = Error("MG0016",
            "ModelGen failed unexpectedly",
            "ModelGen failed unexpectedly on '{0}': {1}. Please report this with the declaration that caused it.");

        // Feature-map geometry (convolution and pooling).
        public static readonly DiagnosticDescriptor KernelLargerThanInput = Error("MG0020",
            "Kernel larger than its input",
            "{0}: the {1}x{1} window is larger than its input {2}x{3} with padding {4} ({5}x{6})");

        public static readonly DiagnosticDescriptor StrideDoesNotDivide = Error("MG0021",
            "Window does not tile its input",
            "{0}: with input {1}x{2}, window {3}, stride {4} and padding {5}, the output would be {6}x{7}; (size + 2*pad - window) must be divisible by the stride");

        public static readonly DiagnosticDescriptor EmptyOutput = Error("MG0022",
            "Output would be empty",
            "{0}: the output would be {1}x{2}, which holds nothing");

        public static readonly DiagnosticDescriptor PadNotSmallerThanKernel = Error("MG0023",
            "Padding not smaller than the kernel",
            "{0}: padding {1} is not smaller than the {2}x{2} kernel, so some outputs would see only padding");

        public static readonly DiagnosticDescriptor FeatureMapLayerAfterFlatten = Error("MG0024",
            "Convolution or pooling after flattening",
            "{0}: needs a feature map (channels x height x width), but its input is {1} flat values ({2})");
    }
}
