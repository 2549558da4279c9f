using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// How a weighted layer's weights start (chapter 6.2): the attribute's Init and Std, resolved
    /// against the network's default into a standard deviation fixed at compile time.
    /// </summary>
    internal sealed record WeightInitSpec(InitKind Init, double Std)
    {
        public static WeightInitSpec Read(LayerArguments args)
            => new((InitKind)args.Named("Init", (int)InitKind.Default), args.Named("Std", Defaults.GaussianStd));

        /// <summary>
        /// The weights tensor, drawn from N(0, std²) with std fixed (Gaussian), sqrt(1 / fanIn)
        /// (Xavier) or sqrt(2 / fanIn) (He). A bad Std or Init is MG0008.
        /// </summary>
        public ParameterPlan Weights(LayerSpec layer, string name, string role, int[] shape, string[] constants, long fanIn, InferenceContext context)
        {
            var init = Init == InitKind.Default ? context.Network.DefaultInit : Init;
            string chosen = "";
            if (init == InitKind.ForActivation)
            {
                (init, chosen) = context.Activation switch
                {
                    "Relu" => (InitKind.He, "for Relu, "),
                    null => (InitKind.Gaussian, "no activation, "),
                    { } other => (InitKind.Xavier, $"for {other}, "),
                };
            }
            double std;
            string rule;
            switch (init)
            {
                case InitKind.Xavier:
                    (std, rule) = (Math.Sqrt(1.0 / fanIn), $"{chosen}Xavier: sqrt(1 / {fanIn})");
                    break;
                case InitKind.He:
                    (std, rule) = (Math.Sqrt(2.0 / fanIn), $"{chosen}He: sqrt(2 / {fanIn})");
                    break;
                case InitKind.Gaussian:
                    if (!(Std > 0) || double.IsInfinity(Std) || Std > Defaults.MaxStd)
                        context.Invalid(layer, "Std", Std.ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"a positive, finite standard deviation of at most {Defaults.MaxStd:0}");
                    (std, rule) = (Std, chosen + "Gaussian, fixed std");
                    break;
                default:
                    context.Invalid(layer, "Init", ((int)init).ToString(System.Globalization.CultureInfo.InvariantCulture), "Gaussian, Xavier, He or ForActivation");
                    (std, rule) = (Defaults.GaussianStd, "Gaussian, fixed std");
                    break;
            }
            return new ParameterPlan(name, role, new EquatableArray<int>(shape), new EquatableArray<string>(constants), Fill.Gaussian, std, rule);
        }

        /// <summary>A bias: one value per output (or filter), starting at zero.</summary>
        public static ParameterPlan Bias(string name, string role, int size, string constant)
            => new(name, role, new EquatableArray<int>(new[] { size }), new EquatableArray<string>(new[] { constant }), Fill.Zero);
    }
}
