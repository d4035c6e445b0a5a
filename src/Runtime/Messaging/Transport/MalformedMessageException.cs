namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>A peer sent bytes that are not a valid frame; the connection they came on is closed.</summary>
internal sealed class MalformedMessageException(string message) : Exception(message);
