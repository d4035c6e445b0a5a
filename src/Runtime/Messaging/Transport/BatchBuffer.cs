using System.Buffers;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// A growable pooled byte buffer that several frames are written into before one socket write. Unlike a pipe it allows
/// going back: frame lengths are patched in after the frame is written, and a frame that failed half-way is cut off.
/// </summary>
internal sealed class BatchBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public BatchBuffer(int initialSize = 16 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public Span<byte> Slice(int offset, int length) => _buffer.AsSpan(offset, length);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_length + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Reserves <paramref name="count"/> bytes to be filled in later; returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var offset = _length;
        _length += count;
        return offset;
    }

    /// <summary>Drops everything written after <paramref name="length"/> (a frame that could not be completed).</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>Empties the buffer; a buffer that grew large for one big frame is given back to the pool.</summary>
    public void Reset(int keepAtMost = 256 * 1024)
    {
        _length = 0;
        if (_buffer.Length > keepAtMost)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 256);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }
}
