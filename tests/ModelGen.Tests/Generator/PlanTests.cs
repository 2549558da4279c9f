using Microsoft.CodeAnalysis;
using ModelGen.Generator;
using ModelGen.Generator.Planning;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

/// <summary>
/// The plan the emitter prints, read from the pipeline itself rather than from generated text:
/// which layers run inside which (fusion), for every sample network.
/// </summary>
public class PlanTests
{
    /// <summary>The execution plans of every network in a sample's declaration file, by class name.</summary>
    private static Dictionary<string, ExecutionPlan> Plans(string samplePath)
    {
        var compilation = GeneratorHarness.Compile("using ModelGen;\n" + File.ReadAllText(RepositoryRoot.File(samplePath.Split('/'))));
        var run = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        return run.TrackedSteps[ModelGenGenerator.TrackingNames.Fuse]
            .SelectMany(step => step.Outputs)
            .Select(output => ((ModelGenGenerator.EmitInput)output.Value).Plan!)
            .ToDictionary(plan => plan.Spec.ClassName);
    }

    private static string[] Steps(ExecutionPlan plan) => plan.Steps.Select(s => s.Describe()).ToArray();

    [Fact]
    public void DeepConvNet_runs_each_Relu_and_MaxPool_inside_the_convolution_before_it()
    {
        var plan = Plans("samples/DeepCnn/Networks.cs")["DeepConvNet"];
        Assert.Equal(
            ["Conv1+Relu1", "Conv2+Relu2+MaxPool1", "Conv3+Relu3", "Conv4+Relu4+MaxPool2", "Conv5+Relu5", "Conv6+Relu6+MaxPool3",
             "Dense1", "Relu7", "Dropout1", "Dense2", "Dropout2"],
            Steps(plan));
    }

    [Fact]
    public void SimpleConvNet_fuses_its_block_and_keeps_dense_layers_apart()
    {
        var plan = Plans("samples/DeepCnn/Networks.cs")["SimpleConvNet"];
        Assert.Equal(["Conv1+Relu1+MaxPool1", "Dense1", "Relu2", "Dense2"], Steps(plan));
    }

    [Fact]
    public void The_chapter_2_to_5_networks_have_nothing_to_fuse()
    {
        var plans = Plans("samples/Mnist/Networks.cs");
        Assert.Equal(["Dense1", "Relu1", "Dense2"], Steps(plans["TwoLayerNet"]));
        Assert.Equal(["Dense1", "Sigmoid1", "Dense2", "Sigmoid2", "Dense3"], Steps(plans["BookSampleNet"]));
        Assert.Equal(["Dense1", "Step1"], Steps(plans["Perceptron"]));
        Assert.Equal(["Dense1", "Step1", "Dense2", "Step2"], Steps(plans["TwoLayerPerceptron"]));
    }

    [Fact]
    public void A_pool_after_a_convolution_without_relu_stays_a_step_of_its_own()
    {
        var result = GeneratorHarness.Run("""
            using ModelGen;
            [Network(Input = [1, 8, 8])]
            [Conv(2, 3, Pad = 1), Tanh, MaxPool(2), Conv(2, 3, Pad = 1), Relu, AvgPool(2), Dense(2), SoftmaxCrossEntropy]
            public partial class Net;
            """);
        Assert.Empty(result.OutputCompilationErrors);
        var plan = ((ModelGenGenerator.EmitInput)result.Driver.GetRunResult().Results.Single()
            .TrackedSteps[ModelGenGenerator.TrackingNames.Fuse].Single().Outputs.Single().Value).Plan!;
        Assert.Equal(["Conv1", "Tanh1", "MaxPool1", "Conv2+Relu1", "AvgPool1", "Dense1"], Steps(plan));
    }
}
