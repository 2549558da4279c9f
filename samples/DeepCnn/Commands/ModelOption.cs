using System.CommandLine;

namespace ModelGen.Samples.DeepCnn.Commands;

internal static class ModelOption
{
    public static Option<string> Create(string defaultModel = "deep")
    {
        var option = new Option<string>("--model")
        {
            Description = "simple: SimpleConvNet (chapter 7.5); deep: DeepConvNet (chapter 8.1); deep-bn: DeepConvNet with Batch Normalization after each convolution.",
            DefaultValueFactory = _ => defaultModel,
        };
        option.AcceptOnlyFromAmong(Model.Names);
        return option;
    }
}
