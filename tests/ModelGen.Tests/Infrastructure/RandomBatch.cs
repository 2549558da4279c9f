namespace ModelGen.Tests.Infrastructure;

/// <summary>A seeded batch of inputs uniform in [-1, 1) and labels below <c>classes</c>, for tests that need some data.</summary>
public static class RandomBatch
{
    public static (float[] Inputs, int[] Labels) Create(int count, int size, int classes, int seed)
    {
        var random = new Rng(seed);
        var inputs = new float[count * size];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat() * 2 - 1;
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = random.NextInt(classes);
        return (inputs, labels);
    }
}
