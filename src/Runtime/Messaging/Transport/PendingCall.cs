using System.Buffers;
using System.Text.Json;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// A request sent on a connection and waiting for its response. The connection matches the response by correlation id;
/// the connection manager's sweep fails it at its deadline; a closing connection fails it at once.
/// </summary>
internal abstract class PendingCall : IOutgoingMessage
{
    private Connection? _connection;

    public ulong CorrelationId { get; private set; }

    /// <summary>When the caller stops waiting, in <see cref="TimeProvider"/> timestamp units.</summary>
    public abstract long Deadline { get; }

    /// <summary>Called by the connection when it takes the call, before the call is queued.</summary>
    public void Attach(Connection connection, ulong correlationId)
    {
        _connection = connection;
        CorrelationId = correlationId;
    }

    public abstract void WriteHeader(WireWriter writer);

    public abstract void WriteBody(BatchBuffer buffer, Utf8JsonWriter json);

    /// <summary>The response arrived; <paramref name="body"/> is only valid during this call.</summary>
    public abstract void OnResponse(ResponseStatus status, ReadOnlySequence<byte> body);

    public abstract void Fail(Exception exception);

    /// <summary>The deadline passed without a response.</summary>
    public abstract void OnTimeout();

    public void OnSendFailed(Exception exception)
    {
        _connection?.RemovePending(this);
        Fail(exception);
    }

    /// <summary>
    /// Stops tracking the call (the caller gave up): a late response is ignored, and the receiver is asked to cancel
    /// the request's turn (best effort).
    /// </summary>
    protected void Abandon()
    {
        if (_connection is { } connection)
        {
            connection.RemovePending(this);
            connection.Send(new CancelNotice(CorrelationId));
        }
    }
}
