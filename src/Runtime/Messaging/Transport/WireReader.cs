using System.Buffers.Binary;
using System.Text;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every read is bounds-checked: bytes from the network that do not fit
/// throw <see cref="MalformedMessageException"/>, never an index or overflow error.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private const int MaxStringBytes = 64 * 1024;
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_position++];
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new MalformedMessageException("A variable-length integer is longer than 10 bytes.");
    }

    public int ReadVarInt32(int max)
    {
        var value = ReadVarUInt64();
        if (value > (ulong)max)
        {
            throw new MalformedMessageException($"Value {value} is above the limit {max}.");
        }

        return (int)value;
    }

    public ulong ReadUInt64()
    {
        if (Remaining < 8)
        {
            throw Truncated();
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public long ReadInt64() => unchecked((long)ReadUInt64());

    public string ReadString() => ReadUtf8(ReadVarInt32(MaxStringBytes));

    public string? ReadNullableString()
    {
        var length = ReadVarInt32(MaxStringBytes + 1);
        return length == 0 ? null : ReadUtf8(length - 1);
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new MalformedMessageException($"{Remaining} unexpected bytes at the end.");
        }
    }

    private string ReadUtf8(int length)
    {
        if (Remaining < length)
        {
            throw Truncated();
        }

        string value;
        try
        {
            value = StrictUtf8.GetString(_data.Slice(_position, length));
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedMessageException("A string is not valid UTF-8.");
        }

        _position += length;
        return value;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static MalformedMessageException Truncated() => new("The data ends in the middle of a value.");
}
