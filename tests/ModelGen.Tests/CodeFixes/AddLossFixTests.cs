using ModelGen.CodeFixes;

namespace ModelGen.Tests.CodeFixes;

/// <summary>MG0011: the fix adds SoftmaxCrossEntropy after the last layer, in its attribute list, named as it is.</summary>
public class AddLossFixTests
{
    private static Task Verify(string before, string after) => new CodeFixTest<AddLossFix>(before, after).RunAsync();

    [Fact]
    public Task After_the_last_layer() => Verify(
        """
        using ModelGen;
        [{|MG0011:Network(Input = [784])|}]
        [Dense(50), Relu, Dense(10)]
        public partial class Net;
        """,
        """
        using ModelGen;
        [Network(Input = [784])]
        [Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task In_the_last_of_several_attribute_lists() => Verify(
        """
        using ModelGen;
        [{|MG0011:Network(Input = [1, 8, 8])|}]
        [Conv(4, 3, Pad = 1), Relu, MaxPool(2)]
        [Dense(10)] // the output
        public partial class Net;
        """,
        """
        using ModelGen;
        [Network(Input = [1, 8, 8])]
        [Conv(4, 3, Pad = 1), Relu, MaxPool(2)]
        [Dense(10), SoftmaxCrossEntropy] // the output
        public partial class Net;
        """);

    [Fact]
    public Task Qualified_as_the_last_layer_is() => Verify(
        """
        [{|MG0011:ModelGen.Network(Input = [4])|}]
        [ModelGen.Dense(2)]
        public partial class Net;
        """,
        """
        [ModelGen.Network(Input = [4])]
        [ModelGen.Dense(2), ModelGen.SoftmaxCrossEntropy]
        public partial class Net;
        """);
}
