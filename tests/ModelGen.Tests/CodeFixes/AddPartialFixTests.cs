using ModelGen.CodeFixes;

namespace ModelGen.Tests.CodeFixes;

/// <summary>MG0001: the fix adds 'partial' where C# wants it, last among the modifiers.</summary>
public class AddPartialFixTests
{
    private static Task Verify(string before, string after) => new CodeFixTest<AddPartialFix>(before, after).RunAsync();

    [Fact]
    public Task After_the_access_modifier() => Verify(
        """
        using ModelGen;
        [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
        public class {|MG0001:Net|} { }
        """,
        """
        using ModelGen;
        [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
        public partial class Net { }
        """);

    [Fact]
    public Task Last_among_several_modifiers() => Verify(
        """
        using ModelGen;
        [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
        internal sealed class {|MG0001:Net|};
        """,
        """
        using ModelGen;
        [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
        internal sealed partial class Net;
        """);

    [Fact]
    public Task Without_modifiers_on_the_line_after_the_attributes() => Verify(
        """
        using ModelGen;
        namespace Demo
        {
            [Network(Input = [4])]
            [Dense(2), SoftmaxCrossEntropy]
            class {|MG0001:Net|}
            {
            }
        }
        """,
        """
        using ModelGen;
        namespace Demo
        {
            [Network(Input = [4])]
            [Dense(2), SoftmaxCrossEntropy]
            partial class Net
            {
            }
        }
        """);

    [Fact]
    public Task To_every_containing_type_that_lacks_it() => Verify(
        """
        using ModelGen;
        public class Outer
        {
            public static partial class Middle
            {
                internal class Inner
                {
                    [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
                    public partial class {|MG0004:{|MG0004:Net|}|};
                }
            }
        }
        """,
        """
        using ModelGen;
        public partial class Outer
        {
            public static partial class Middle
            {
                internal partial class Inner
                {
                    [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy]
                    public partial class Net;
                }
            }
        }
        """);
}
