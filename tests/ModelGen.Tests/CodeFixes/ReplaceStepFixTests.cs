using ModelGen.CodeFixes;

namespace ModelGen.Tests.CodeFixes;

/// <summary>MG0013: Relu in Step's place, or the network declared forward-only.</summary>
public class ReplaceStepFixTests
{
    private static Task Verify(string before, string after, string equivalenceKey) =>
        new CodeFixTest<ReplaceStepFix>(before, after) { CodeActionEquivalenceKey = equivalenceKey }.RunAsync();

    private const string UseRelu = "ReplaceStepFix.Relu";
    private const string NotTrainable = "ReplaceStepFix.TrainableFalse";

    [Fact]
    public Task Relu_in_place_of_Step() => Verify(
        """
        using ModelGen;
        [Network(Input = [2])]
        [Dense(4), {|MG0013:Step|}, Dense(2), SoftmaxCrossEntropy]
        public partial class Net;
        """,
        """
        using ModelGen;
        [Network(Input = [2])]
        [Dense(4), Relu, Dense(2), SoftmaxCrossEntropy]
        public partial class Net;
        """,
        UseRelu);

    [Fact]
    public Task Relu_qualified_as_Step_is() => Verify(
        """
        [ModelGen.Network(Input = [2])]
        [ModelGen.Dense(4), {|MG0013:ModelGen.StepAttribute|}, ModelGen.Dense(2), ModelGen.SoftmaxCrossEntropy]
        public partial class Net;
        """,
        """
        [ModelGen.Network(Input = [2])]
        [ModelGen.Dense(4), ModelGen.ReluAttribute, ModelGen.Dense(2), ModelGen.SoftmaxCrossEntropy]
        public partial class Net;
        """,
        UseRelu);

    [Fact]
    public Task Trainable_false_added_to_the_network() => Verify(
        """
        using ModelGen;
        [{|MG0011:Network(Input = [2], Batch = 4)|}]
        [Dense(1), {|MG0013:Step|}]
        public partial class Perceptron;
        """,
        """
        using ModelGen;
        [Network(Input = [2], Batch = 4, Trainable = false)]
        [Dense(1), Step]
        public partial class Perceptron;
        """,
        NotTrainable);

    [Fact]
    public Task Trainable_true_made_false() => Verify(
        """
        using ModelGen;
        [Network(Trainable = true, Input = [2])]
        [Dense(1), {|MG0013:Step|}, SoftmaxCrossEntropy]
        public partial class Perceptron;
        """,
        """
        using ModelGen;
        [Network(Trainable = false, Input = [2])]
        [Dense(1), Step, SoftmaxCrossEntropy]
        public partial class Perceptron;
        """,
        NotTrainable);

    [Fact]
    public Task Trainable_false_on_another_partial_declaration() => Verify(
        """
        using ModelGen;
        [{|MG0011:Network(Input = [2])|}]
        public partial class Perceptron;
        [Dense(1), {|MG0013:Step|}]
        public partial class Perceptron;
        """,
        """
        using ModelGen;
        [Network(Input = [2], Trainable = false)]
        public partial class Perceptron;
        [Dense(1), Step]
        public partial class Perceptron;
        """,
        NotTrainable);

    [Fact]
    public Task Every_Step_replaced_at_once() => new CodeFixTest<ReplaceStepFix>(
        """
        using ModelGen;
        [Network(Input = [2])]
        [Dense(4), {|MG0013:Step|}, Dense(4), {|MG0013:Step|}, Dense(2), SoftmaxCrossEntropy]
        public partial class Net;
        """,
        """
        using ModelGen;
        [Network(Input = [2])]
        [Dense(4), Relu, Dense(4), Relu, Dense(2), SoftmaxCrossEntropy]
        public partial class Net;
        """)
    {
        CodeActionEquivalenceKey = UseRelu,
        NumberOfIncrementalIterations = 2,
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Trainable_false_for_every_Step_at_once() => new CodeFixTest<ReplaceStepFix>(
        """
        using ModelGen;
        [Network(Input = [2])]
        [Dense(4), {|MG0013:Step|}, Dense(1), {|MG0013:Step|}, SoftmaxCrossEntropy]
        public partial class Net;
        """,
        """
        using ModelGen;
        [Network(Input = [2], Trainable = false)]
        [Dense(4), Step, Dense(1), Step, SoftmaxCrossEntropy]
        public partial class Net;
        """)
    {
        CodeActionEquivalenceKey = NotTrainable,
        NumberOfIncrementalIterations = 1,
        NumberOfFixAllIterations = 1,
    }.RunAsync();
}
