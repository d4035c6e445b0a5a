using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Events;

/// <summary>
/// POSTs one signed event to the webhook through a Polly circuit breaker. Every attempt that is not a 2xx answer
/// (error status, refused or lost connection, timeout) counts as a failure; once the circuit is open, attempts fail at
/// once without touching the network until the break has passed and one trial POST is let through.
/// </summary>
internal sealed partial class WebhookSender : IDisposable
{
    public const string BreakerName = "webhook";

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly byte[] _key;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _breakerState = new();
    private readonly ResiliencePipeline<WebhookResult> _pipeline;
    private long _trialAtTicks;

    public WebhookSender(EventsOptions options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _url = new Uri(options.WebhookUrl ?? throw new ArgumentException("No webhook URL is configured.", nameof(options)));
        _key = Encoding.UTF8.GetBytes(options.WebhookSecret ?? throw new ArgumentException("No webhook secret is configured.", nameof(options)));
        _timeout = options.RequestTimeout;
        _time = time;
        _logger = logger;

        // No redirects: a POST turned into a GET elsewhere is not a delivery. Pooled connections are recycled so a
        // receiver behind changing DNS is found again.
        _client = new HttpClient(
            new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = options.RequestTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        _pipeline = new ResiliencePipelineBuilder<WebhookResult> { Name = BreakerName, TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<WebhookResult>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = _breakerState,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception ? exception is not OperationCanceledException : !args.Outcome.Result.Delivered),
                OnOpened = args =>
                {
                    Volatile.Write(ref _trialAtTicks, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    LogCircuitOpened(args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The breaker's state as the metrics convention numbers it: 0 closed, 1 half-open, 2 open.</summary>
    public int BreakerState => _breakerState.CircuitState switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };

    /// <summary>While the circuit is open, how long until it lets the trial POST through; otherwise null.</summary>
    public TimeSpan? TimeUntilTrial
    {
        get
        {
            if (_breakerState.CircuitState != CircuitState.Open)
            {
                return null;
            }

            var remaining = new DateTimeOffset(Volatile.Read(ref _trialAtTicks), TimeSpan.Zero) - _time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public async Task<WebhookResult> SendAsync(GrainEvent grainEvent, CancellationToken cancellationToken)
    {
        var body = WebhookPayload.Serialize(grainEvent);
        var signature = WebhookPayload.Sign(body, _key);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, token) => state.Sender.PostAsync(state.Body, state.Signature, token),
                (Sender: this, Body: body, Signature: signature),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return WebhookResult.CircuitOpen;
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<WebhookResult> PostAsync(byte[] body, string signature, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookPayload.SignatureHeader, signature);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? WebhookResult.Success(status) : WebhookResult.Rejected(status);
        }
        catch (HttpRequestException)
        {
            return WebhookResult.Unreachable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookResult.TimedOut;
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Webhook circuit opened for {BreakDuration}: events wait in the outbox")]
    private partial void LogCircuitOpened(TimeSpan breakDuration);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Webhook circuit closed: delivery resumes")]
    private partial void LogCircuitClosed();
}
