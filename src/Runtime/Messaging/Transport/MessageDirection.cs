namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>What a frame is: a request awaiting a response, the response to one, or a message nobody answers.</summary>
internal enum MessageDirection : byte
{
    Request = 1,
    Response = 2,
    OneWay = 3,
}
