using System.Globalization;
using System.Text;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// Writes random network declarations, seeded: random layer sequences with arguments inside,
/// at and past every limit, arguments of the wrong kind, and the adversarial declarations
/// users have written: names of generated members, keywords, classes that differ only in case,
/// static, record, file and primary-constructor classes, colliding members, shadowing types,
/// nesting, namespaces. Most draws are small valid networks, so that enough of them also run.
/// </summary>
internal sealed class DeclarationFuzzer(int seed)
{
    private readonly Rng _random = new(seed);

    private static readonly string[] s_names =
        ["Net", "NET", "net", "Model", "Classifier", "@class", "@int", "BatchSize", "Forward", "W1", "Parameters", "State", "Loss", "Dense1Forward", "Kernels", "ReadOnlySpan"];

    private static readonly string[] s_activations = ["Relu", "Sigmoid", "Tanh"];

    private int Pick(int count) => _random.NextInt(count);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[Pick(items.Count)];

    /// <summary>One source file: usings, a namespace, perhaps a containing type, and one annotated class.</summary>
    public string Next(int index)
    {
        var text = new StringBuilder("using ModelGen;\n");
        bool adversarial = Chance(0.3);
        string ns = !adversarial ? $"Fuzz{index}" : Pick(new[] { $"Fuzz{index}", "Shared", "@namespace.@class", "Fuzz.Deep.Space" });
        bool globalNamespace = adversarial && Chance(0.1);
        if (!globalNamespace) text.Append($"namespace {ns} {{\n");
        if (adversarial && Chance(0.2)) text.Append("public readonly ref struct ReadOnlySpan<T> { } public static class Math { } public class Kernels { }\n");

        string? outer = null;
        if (adversarial && Chance(0.2))
        {
            outer = Pick(new[] { "public partial class Outer", "public class Outer", "public partial class Outer<T>", "public static partial class Outer", "public partial record Outer" });
            text.Append(outer + " {\n");
        }

        text.Append(NetworkAttribute(adversarial)).Append('\n');
        text.Append(LayerAttributes(adversarial)).Append('\n');
        text.Append(ClassDeclaration(adversarial, index)).Append('\n');

        if (outer is not null) text.Append("}\n");
        if (!globalNamespace) text.Append("}\n");
        return text.ToString();
    }

    private string NetworkAttribute(bool adversarial)
    {
        var parts = new List<string>();
        if (!adversarial || !Chance(0.1))
        {
            string input = !adversarial || Chance(0.6)
                ? (Chance(0.5) ? $"[{1 + Pick(12)}]" : $"[{1 + Pick(3)}, {4 + Pick(9)}, {4 + Pick(9)}]")
                : Pick(new[] { "[]", "[0]", "[-3]", "[28, 28]", "[1, 2, 3, 4]", "[1048576]", "[1048577]", "[1, 1024, 1024]", "[2147483647]" });
            parts.Add("Input = " + input);
        }
        if (Chance(0.7)) parts.Add("Batch = " + (!adversarial || Chance(0.6) ? (1 + Pick(8)).ToString(CultureInfo.InvariantCulture) : Pick(new[] { "0", "-1", "65536", "65537", "int.MaxValue" })));
        if (Chance(0.3)) parts.Add("Init = " + (adversarial && Chance(0.3) ? "(WeightInit)7" : "WeightInit." + Pick(new[] { "Gaussian", "Xavier", "He", "ForActivation", "Default" })));
        bool trainable = !adversarial || Chance(0.8);
        if (!trainable || Chance(0.2)) parts.Add("Trainable = " + (trainable ? "true" : "false"));
        return parts.Count == 0 ? "[Network]" : $"[Network({string.Join(", ", parts)})]";
    }

    private string LayerAttributes(bool adversarial)
    {
        var layers = new List<string>();
        int count = Pick(7) + (adversarial ? 0 : 1);
        bool map = Chance(0.5);
        for (int i = 0; i < count; i++) layers.Add(Layer(adversarial, ref map));
        if (!adversarial || Chance(0.8)) layers.Add(Chance(0.8) ? "SoftmaxCrossEntropy" : "MeanSquaredError");
        if (adversarial && Chance(0.1)) layers.Add(Layer(adversarial, ref map)); // after the loss
        if (adversarial && Chance(0.1)) layers.Insert(Pick(layers.Count + 1), "Step");
        return layers.Count == 0 ? "" : $"[{string.Join(", ", layers)}]";
    }

    private string Layer(bool adversarial, ref bool map)
    {
        bool wild = adversarial && Chance(0.3);
        switch (Pick(9))
        {
            case 0 or 1:
                map = false;
                string init = Chance(0.2) ? $", Init = WeightInit.{Pick(new[] { "He", "Xavier", "Gaussian", "ForActivation" })}" : "";
                string std = Chance(0.2) ? $", Std = {Pick(new[] { "0.1", "0.5", wild ? "-1" : "0.01", wild ? "double.PositiveInfinity" : "1", wild ? "1e9" : "0.2" })}" : "";
                return $"Dense({(wild ? Pick(new[] { "0", "-5", "1048576", "1048577", "\"ten\"", "2.5" }) : (1 + Pick(12)).ToString(CultureInfo.InvariantCulture))}{init}{std})";
            case 2:
                string filters = wild ? Pick(new[] { "0", "-1", "1048577", "\"x\"" }) : (1 + Pick(4)).ToString(CultureInfo.InvariantCulture);
                string size = wild ? Pick(new[] { "0", "7", "40", "1048576" }) : (1 + Pick(3)).ToString(CultureInfo.InvariantCulture);
                string stride = Chance(0.3) ? $", Stride = {(wild ? Pick(new[] { "0", "-1", "3", "100" }) : (1 + Pick(2)).ToString(CultureInfo.InvariantCulture))}" : "";
                string pad = Chance(0.3) ? $", Pad = {(wild ? Pick(new[] { "-1", "5", "1048577" }) : Pick(2).ToString(CultureInfo.InvariantCulture))}" : "";
                return $"Conv({filters}, {size}{stride}{pad})";
            case 3:
                string kind = Chance(0.5) ? "MaxPool" : "AvgPool";
                string window = wild ? Pick(new[] { "0", "-2", "9", "1048577" }) : (1 + Pick(2)).ToString(CultureInfo.InvariantCulture);
                return Chance(0.3) ? $"{kind}({window}, Stride = {(wild ? Pick(new[] { "0", "5" }) : "1")})" : $"{kind}({window})";
            case 4:
                return $"Dropout({(wild ? Pick(new[] { "1.0", "-0.1", "double.NaN", "\"half\"", "2" }) : "0." + (1 + Pick(8)))})";
            case 5:
                if (!Chance(0.5)) return "BatchNorm";
                return wild ? $"BatchNorm(Momentum = {Pick(new[] { "1", "-0.5", "double.NaN" })})" : $"BatchNorm(Momentum = 0.{1 + Pick(8)}, Epsilon = 1e-{3 + Pick(4)})";
            default:
                return Pick(s_activations);
        }
    }

    private string ClassDeclaration(bool adversarial, int index)
    {
        string name = !adversarial ? "Net" : Pick(s_names);
        string modifiers = !adversarial ? "public partial" : Pick(new[] { "public partial", "internal partial", "partial", "public", "public static partial", "file partial", "public sealed partial", "public abstract partial" });
        string keyword = adversarial && Chance(0.1) ? Pick(new[] { "record", "record class", "record struct" }) : "class";
        string primary = adversarial && Chance(0.08) ? "(int size)" : "";
        string body = !adversarial || !Chance(0.3) ? ";" : Pick(new[]
        {
            " { public float[] W1 = []; }",
            " { public void Forward() { } }",
            $" {{ public {name}(int size) {{ }} }}",
            $" {{ public {name}(string name) : this(1) {{ }} }}",
            " { public string Label => \"x\"; }",
            " { private int _heldCount; }",
        });
        if (primary.Length > 0 && body != ";") body = ";";
        return $"{modifiers} {keyword} {name}{primary}{body} // declaration {index}";
    }

}
