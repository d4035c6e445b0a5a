using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>What every connection of a process shares: settings, clock, logger, and who handles what arrives.</summary>
internal sealed class ConnectionShared(MessagingOptions options, TimeProvider timeProvider, ILogger logger, IInboundMessageHandler? handler)
{
    public MessagingOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    /// <summary>Handles requests that arrive (null in a client, which never serves requests).</summary>
    public IInboundMessageHandler? Handler { get; } = handler;
}
