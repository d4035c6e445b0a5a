using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// One TCP connection to a peer, after its handshake. Any number of calls are multiplexed over it: requests carry a
/// correlation id and responses are matched by it. Outgoing messages are queued and written in batches by one send
/// loop (many frames per socket write); one read loop parses frames. A malformed frame or any socket error closes
/// the connection, and every call still waiting on it fails at once with <see cref="SiloUnavailableException"/>.
/// </summary>
internal sealed partial class Connection : IThreadPoolWorkItem
{
    /// <summary>Frame prefix: header length and body length, 32-bit little-endian each.</summary>
    public const int PrefixLength = 8;

    private const int MaxHeaderLength = 64 * 1024;
    private const int SoftBatchLength = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly ConnectionShared _shared;
    private readonly ConcurrentQueue<IOutgoingMessage> _sendQueue = new();
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<ulong, InboundGrainCall> _received = new();
    private readonly BatchBuffer _batch = new();
    private readonly Utf8JsonWriter _json;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxBodyLength;
    private Task? _readLoop;
    private long _nextCorrelationId;
    private int _sending;
    private int _isClosed;

    private Connection(Socket socket, NetworkStream stream, PipeReader reader, ConnectionShared shared, NodeIdentity remote, bool isOutbound)
    {
        _socket = socket;
        _stream = stream;
        _reader = reader;
        _shared = shared;
        _maxBodyLength = shared.Options.MaxMessageSize;
        _json = new Utf8JsonWriter(_batch, new JsonWriterOptions { SkipValidation = true });
        Remote = remote;
        IsOutbound = isOutbound;
    }

    /// <summary>The peer, as it proved itself in the handshake.</summary>
    public NodeIdentity Remote { get; }

    /// <summary>True when this process opened the connection (its requests go out on it).</summary>
    public bool IsOutbound { get; }

    public bool IsOpen => Volatile.Read(ref _isClosed) == 0;

    /// <summary>Completes once the connection is closed and every waiting call has been failed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Raised once, after the connection closed.</summary>
    public event Action<Connection>? OnClosed;

    internal int PendingCount => _pending.Count;

    /// <summary>Wraps a socket whose handshake succeeded and starts reading from it.</summary>
    public static Connection Start(Socket socket, NetworkStream stream, PipeReader reader, ConnectionShared shared, NodeIdentity remote, bool isOutbound)
    {
        var connection = new Connection(socket, stream, reader, shared, remote, isOutbound);
        using (ExecutionContext.SuppressFlow())
        {
            connection._readLoop = Task.Run(connection.ReadLoopAsync);
        }

        return connection;
    }

    /// <summary>Sends a request: assigns its correlation id and tracks it until its response, deadline or failure.</summary>
    public void SendRequest(PendingCall call)
    {
        var id = (ulong)Interlocked.Increment(ref _nextCorrelationId);
        call.Attach(this, id);
        _pending[id] = call;
        Send(call);
    }

    /// <summary>Queues a message without waiting for anything (responses and one-way messages).</summary>
    public void Send(IOutgoingMessage message)
    {
        if (!IsOpen)
        {
            message.OnSendFailed(ClosedException());
            return;
        }

        _sendQueue.Enqueue(message);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }

        if (!IsOpen)
        {
            // Closed while queueing: the close already drained the queue, so this message may have been missed.
            FailQueued();
        }
    }

    /// <summary>Remembers a request received on this connection until it is answered, so the caller can cancel it.</summary>
    public void TrackReceived(ulong correlationId, InboundGrainCall call) => _received[correlationId] = call;

    public void ForgetReceived(ulong correlationId) => _received.TryRemove(correlationId, out _);

    /// <summary>The caller gave up on request <paramref name="correlationId"/>: cancel its turn if it is still running.</summary>
    public void CancelReceived(ulong correlationId)
    {
        if (_received.TryGetValue(correlationId, out var call))
        {
            call.CancelByCaller();
        }
    }

    public void RemovePending(PendingCall call) => _pending.TryRemove(new KeyValuePair<ulong, PendingCall>(call.CorrelationId, call));

    /// <summary>Fails the calls whose deadline has passed (called periodically by the connection manager).</summary>
    public void ExpirePending(long now)
    {
        foreach (var (id, call) in _pending)
        {
            if (call.Deadline <= now && _pending.TryRemove(new KeyValuePair<ulong, PendingCall>(id, call)))
            {
                call.OnTimeout();
            }
        }
    }

    /// <summary>Waits until everything queued so far has been written, then closes.</summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(10);
        while (IsOpen && (!_sendQueue.IsEmpty || Volatile.Read(ref _sending) != 0) && waited < timeout)
        {
            // Real time on purpose: this waits for bytes to reach the socket, not for a protocol deadline.
            await Task.Delay(step).ConfigureAwait(false);
            waited += step;
        }

        Close(null);
        await Closed.ConfigureAwait(false);
    }

    /// <summary>Closes the connection; waiting calls fail with <see cref="SiloUnavailableException"/>.</summary>
    public void Close(Exception? reason)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        if (reason is null or EndOfStreamException)
        {
            Log.Closed(_shared.Logger, Remote);
        }
        else
        {
            Log.ClosedWithError(_shared.Logger, reason, Remote);
        }

        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        var failure = ClosedException(reason);
        foreach (var (id, call) in _pending)
        {
            if (_pending.TryRemove(new KeyValuePair<ulong, PendingCall>(id, call)))
            {
                call.Fail(failure);
            }
        }

        FailQueued();

        // Nobody is left to read the answers of requests received on this connection; stop their turns.
        foreach (var received in _received.Values)
        {
            received.CancelByCaller();
        }

        _closed.TrySetResult();
        OnClosed?.Invoke(this);
    }

    void IThreadPoolWorkItem.Execute() => _ = SendLoopAsync();

    public override string ToString() => $"{(IsOutbound ? "to" : "from")} {Remote}";

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                while (_batch.Length < SoftBatchLength && _sendQueue.TryDequeue(out var message))
                {
                    WriteFrame(message);
                }

                if (_batch.Length > 0)
                {
                    await _stream.WriteAsync(_batch.WrittenMemory, _closing.Token).ConfigureAwait(false);
                    _batch.Reset();
                    continue;
                }

                Volatile.Write(ref _sending, 0);
                if (_sendQueue.IsEmpty || Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _batch.Reset();
            Close(exception is OperationCanceledException ? null : exception);
            Volatile.Write(ref _sending, 0);
        }
    }

    private void WriteFrame(IOutgoingMessage message)
    {
        var start = _batch.Length;
        try
        {
            _batch.Reserve(PrefixLength);
            message.WriteHeader(new WireWriter(_batch));
            var headerEnd = _batch.Length;
            _json.Reset(_batch);
            message.WriteBody(_batch, _json);
            _json.Flush();
            var headerLength = headerEnd - start - PrefixLength;
            var bodyLength = _batch.Length - headerEnd;
            if (bodyLength > _maxBodyLength || headerLength > MaxHeaderLength)
            {
                throw new InvalidOperationException(
                    $"The message is {bodyLength} bytes; at most {_maxBodyLength} are allowed (Messaging:MaxMessageSize).");
            }

            var prefix = _batch.Slice(start, PrefixLength);
            BinaryPrimitives.WriteInt32LittleEndian(prefix, headerLength);
            BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], bodyLength);
        }
        catch (Exception exception)
        {
            _batch.Truncate(start);
            Log.SerializationFailed(_shared.Logger, exception, Remote);
            message.OnSendFailed(exception);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (TryReadFrame(ref buffer))
                    {
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        error = new MalformedMessageException($"The connection closed in the middle of a frame ({buffer.Length} bytes left).");
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            error = exception;
        }

        Close(error);
        await _reader.CompleteAsync().ConfigureAwait(false);
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < PrefixLength)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[PrefixLength];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(prefix[4..]);
        if (headerLength is <= 0 or > MaxHeaderLength)
        {
            throw new MalformedMessageException($"Frame header length {headerLength} is out of range.");
        }

        if (bodyLength < 0 || bodyLength > _maxBodyLength)
        {
            throw new MalformedMessageException($"Frame body length {bodyLength} exceeds the limit of {_maxBodyLength} bytes (Messaging:MaxMessageSize).");
        }

        var frameLength = PrefixLength + (long)headerLength + bodyLength;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        var headerBytes = buffer.Slice(PrefixLength, headerLength);
        var header = headerBytes.IsSingleSegment ? MessageHeader.Read(headerBytes.FirstSpan) : MessageHeader.Read(headerBytes.ToArray());
        var body = buffer.Slice(PrefixLength + headerLength, bodyLength);
        OnFrame(header, body);
        buffer = buffer.Slice(frameLength);
        return true;
    }

    private void OnFrame(in MessageHeader header, ReadOnlySequence<byte> body)
    {
        if (header.Direction == MessageDirection.Response)
        {
            if (_pending.TryRemove(header.CorrelationId, out var call))
            {
                call.OnResponse(header.Status, body);
            }

            // Otherwise the caller already gave up (timeout or cancellation); the late response is dropped.
            return;
        }

        var handler = _shared.Handler ?? throw new MalformedMessageException($"A client does not accept requests, but {Remote} sent one.");
        handler.OnMessage(this, header, body);
    }

    private void FailQueued()
    {
        if (_sendQueue.IsEmpty)
        {
            return;
        }

        var failure = ClosedException();
        while (_sendQueue.TryDequeue(out var message))
        {
            message.OnSendFailed(failure);
        }
    }

    private SiloUnavailableException ClosedException(Exception? reason = null)
        => reason is null
            ? new SiloUnavailableException($"The connection {this} is closed.")
            : new SiloUnavailableException($"The connection {this} closed: {reason.Message}", reason);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connection {Remote} closed")]
        public static partial void Closed(ILogger logger, NodeIdentity remote);

        [LoggerMessage(2, LogLevel.Warning, "Connection {Remote} closed after an error")]
        public static partial void ClosedWithError(ILogger logger, Exception exception, NodeIdentity remote);

        [LoggerMessage(3, LogLevel.Warning, "A message to {Remote} could not be written")]
        public static partial void SerializationFailed(ILogger logger, Exception exception, NodeIdentity remote);
    }
}
