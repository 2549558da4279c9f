using ModelGen.Optimizers;

namespace ModelGen.Tests.EndToEnd;

/// <summary>The generated training step allocates nothing once warm: every buffer exists up front.</summary>
public class AllocationTests
{
    /// <summary>
    /// Bytes this thread allocates in <paramref name="times"/> calls, the least of a few tries:
    /// while the runtime is still tiering the code up (on-stack replacement compiles on the
    /// calling thread) one try can see a few KB that are not the step's. A step that allocates
    /// does so in every try.
    /// </summary>
    private static long AllocatedBy(Action action, int times)
    {
        for (int i = 0; i < 5; i++) action(); // warm-up: JIT, optimizer state, worker threads
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < times; i++) action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    private static (float[] Inputs, int[] Labels) RandomBatch(int count, int size, int classes)
    {
        var random = new Rng(1);
        var inputs = new float[count * size];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat();
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = random.NextInt(classes);
        return (inputs, labels);
    }

    [Fact]
    public void A_training_step_allocates_nothing()
    {
        var network = new TwoLayerNet();
        var (inputs, labels) = RandomBatch(100, 784, 10);
        foreach (Optimizer optimizer in new Optimizer[] { new Sgd(0.1f), new Momentum(), new Nesterov(), new AdaGrad(), new RmsProp(), new Adam() })
        {
            long bytes = AllocatedBy(() => network.TrainStep(inputs, labels, 100, optimizer), 10);
            Assert.True(bytes == 0, $"{optimizer.GetType().Name}: {bytes} bytes allocated in 10 steps");
        }
    }

    [Fact]
    public void A_DeepConvNet_training_step_allocates_nothing()
    {
        // Convolution, pooling and Dropout included, with the kernels' worker threads running.
        var network = new DeepConvNet();
        var (inputs, labels) = RandomBatch(100, 784, 10);
        var adam = new Adam(0.001f);
        Assert.Equal(0, AllocatedBy(() => network.TrainStep(inputs, labels, 100, adam), 3));
        Assert.Equal(0, AllocatedBy(() => network.Forward(inputs, 37), 3));
        Assert.Equal(0, AllocatedBy(() => network.Infer(inputs, 1), 3));
    }

    [Fact]
    public void A_training_step_with_batch_norm_and_dropout_allocates_nothing()
    {
        var network = new BatchNormDropoutNet();
        var (inputs, labels) = RandomBatch(100, 784, 10);
        foreach (Optimizer optimizer in new Optimizer[] { new Sgd(0.1f), new Momentum(), new AdaGrad(), new Adam() })
        {
            long bytes = AllocatedBy(() => network.TrainStep(inputs, labels, 100, optimizer), 10);
            Assert.True(bytes == 0, $"{optimizer.GetType().Name}: {bytes} bytes allocated in 10 steps");
        }
        Assert.Equal(0, AllocatedBy(() => network.Forward(inputs, 100), 10));
        var convolutional = new ConvBatchNormNet();
        var (images, classes) = RandomBatch(3, 50, 4);
        var adam = new Adam();
        Assert.Equal(0, AllocatedBy(() => convolutional.TrainStep(images, classes, 3, adam), 10));
    }

    [Fact]
    public void A_short_batch_and_a_forward_pass_allocate_nothing()
    {
        var network = new DropoutNet();
        var (inputs, labels) = RandomBatch(4, 5, 3);
        var sgd = new Sgd(0.01f);
        Assert.Equal(0, AllocatedBy(() => network.TrainStep(inputs, labels, 3, sgd), 10));
        Assert.Equal(0, AllocatedBy(() => network.Forward(inputs, 2), 10));
        Assert.Equal(0, AllocatedBy(() => network.Infer(inputs, 3), 10));
    }
}
