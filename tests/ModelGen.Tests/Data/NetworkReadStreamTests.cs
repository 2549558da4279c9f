using System.Diagnostics;
using ModelGen.Data;

namespace ModelGen.Tests.Data;

public class NetworkReadStreamTests
{
    /// <summary>A stream whose reads never complete, like a black-holed connection.</summary>
    private sealed class SilentStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    [Fact]
    public void Silence_times_out()
    {
        using var stream = new NetworkReadStream(new SilentStream(), TimeSpan.FromMilliseconds(200), _ => { });
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TimeoutException>(() => stream.Read(new byte[10]));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("no data received", e.Message);
    }

    [Fact]
    public void Reports_bytes_received()
    {
        var seen = new List<long>();
        using var stream = new NetworkReadStream(new MemoryStream(new byte[10]), TimeSpan.FromSeconds(5), seen.Add);
        var buffer = new byte[4];
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }
        Assert.Equal([4L, 8, 10, 10], seen);
    }
}
