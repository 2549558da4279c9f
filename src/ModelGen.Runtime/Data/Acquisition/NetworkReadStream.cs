using System.Buffers;
using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>
/// A read-only wrapper over a network stream that fails when no data arrives for a while
/// (a stalled or black-holed connection) and reports the bytes received.
/// </summary>
/// <remarks>
/// A limit on the whole transfer would fail slow but working links; a limit on silence
/// fails only connections that have stopped.
/// </remarks>
internal sealed class NetworkReadStream(Stream inner, TimeSpan stallTimeout, Action<long> onProgress) : ReadOnlyWrapperStream(inner)
{
    private long _received;

    /// <summary>The bytes received so far.</summary>
    public override long Position { get => _received; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadInto(buffer.AsMemory(offset, count));

    public override int Read(Span<byte> buffer)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int read = ReadInto(rented.AsMemory(0, buffer.Length));
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private int ReadInto(Memory<byte> buffer)
    {
        using var timeout = new CancellationTokenSource(stallTimeout);
        int read;
        try
        {
            // The BCL's async reads do not capture a synchronization context, so blocking on
            // them here cannot deadlock; a synchronous Read would have no way to time out.
            read = Inner.ReadAsync(buffer, timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no data received for {stallTimeout.TotalSeconds:0} s after {_received} bytes.", e);
        }
        _received += read;
        onProgress(_received);
        return read;
    }
}
