namespace OrleansAuth.Runtime.Tests.Grains;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<EchoReply> Echo(EchoRequest request);

    Task<string?> Maybe(string? value);

    /// <summary>Takes a type no registered JSON context knows.</summary>
    Task<int> Unknown(Unregistered value);

    /// <summary>Returns a type no registered JSON context knows.</summary>
    Task<Unregistered> UnknownResult();

    Task ThrowInconsistent();
}
