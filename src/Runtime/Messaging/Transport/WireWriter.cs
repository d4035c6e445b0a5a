using System.Buffers.Binary;
using System.Text;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Writes the binary parts of frames (headers, handshakes, error payloads): varints and UTF-8 strings.</summary>
internal readonly struct WireWriter(BatchBuffer buffer)
{
    public void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void WriteVarUInt64(ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteInt64(long value) => WriteUInt64(unchecked((ulong)value));

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt64((ulong)count);
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(count));
        buffer.Advance(written);
    }

    /// <summary>Writes a string that may be null (length + 1, 0 for null).</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt64(0);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt64((ulong)count + 1);
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(count));
        buffer.Advance(written);
    }
}
