using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Several concurrent clients sending a mix of register, login, refresh, me and password change to the API, each
/// over its own users, keeping a ledger of what the service acknowledged (<see cref="TrackedUser"/>). Every answer that
/// contradicts an acknowledged fact (an acknowledged password refused, a live session's token refused) is a
/// violation: something acknowledged was lost. <see cref="VerifyAsync"/> checks the ledger again after the run.
/// </summary>
internal sealed class MixedLoad : IAsyncDisposable
{
    // Pacing per client keeps the load well below what saturates two shared cores, so that the failure detector's
    // timing, not CPU starvation, decides what the fault does.
    private static readonly TimeSpan _pause = TimeSpan.FromMilliseconds(20);

    private readonly HttpClient _http;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentQueue<RequestRecord> _records = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Worker[] _workers;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _running = [];
    private int _unconfirmedRotationLogouts;

    public MixedLoad(Uri apiUrl, int clients, int usersPerClient)
    {
        // Longer than any wait the service should impose under faults; a request that hits it is recorded as failed.
        _http = new HttpClient { BaseAddress = apiUrl, Timeout = TimeSpan.FromSeconds(20) };
        _workers = [.. Enumerable.Range(0, clients).Select(i => new Worker(this, i, usersPerClient))];
    }

    /// <summary>Time since the load was prepared; the clock every <see cref="RequestRecord"/> is on.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>
    /// Sessions ended by reuse detection because a refresh rotated without its answer reaching the client and the
    /// client's retry came after the reuse leeway. Not a loss of anything acknowledged, but the user is logged out.
    /// </summary>
    public int UnconfirmedRotationLogouts => Volatile.Read(ref _unconfirmedRotationLogouts);

    public int UserCount => _workers.Sum(w => w.Users.Count);

    /// <summary>
    /// The load used by the fault tests (six clients with five users each), prepared, started and running without
    /// failures before the caller injects its fault.
    /// </summary>
    public static async Task<MixedLoad> StartSteadyAsync(Uri apiUrl)
    {
        var load = new MixedLoad(apiUrl, clients: 6, usersPerClient: 5);
        try
        {
            await load.PrepareAsync(TimeSpan.FromSeconds(60));
            load.Start();
            await load.WaitForQuietAsync(load.Now, quiet: TimeSpan.FromSeconds(2), minimum: TimeSpan.FromSeconds(3), maximum: TimeSpan.FromSeconds(10));
            return load;
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers every client's first users and logs each in, before any fault (retrying 503s).</summary>
    public async Task PrepareAsync(TimeSpan timeout)
    {
        _clock.Start();
        using var cts = new CancellationTokenSource(timeout);
        await Task.WhenAll(_workers.Select(w => w.PrepareAsync(cts.Token)));
        _records.Clear();
    }

    public void Start() => _running = [.. _workers.Select(w => Task.Run(() => w.RunAsync(_stop.Token)))];

    /// <summary>The records so far, while the load runs.</summary>
    public LoadReport Snapshot() => new([.. _records]);

    /// <summary>
    /// Waits until no request has failed for <paramref name="quiet"/> (and at least <paramref name="minimum"/> has passed
    /// since <paramref name="from"/>), or until <paramref name="maximum"/> has passed since <paramref name="from"/>.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan from, TimeSpan quiet, TimeSpan minimum, TimeSpan maximum)
    {
        while (Now - from < maximum)
        {
            var lastFailure = Snapshot().LastFailureEnd(from) ?? from;
            if (Now - from >= minimum && Now - lastFailure >= quiet)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public async Task<LoadReport> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        return new LoadReport([.. _records]);
    }

    /// <summary>
    /// After the run: every acknowledged registration and password logs in, every tracked session's last acknowledged
    /// refresh token works, and a token two rotations old is refused as reused. 503s are retried until
    /// <paramref name="timeout"/>. Returns how many sessions could not be checked because their last refresh had no
    /// answer and was rotated meanwhile (reported, not a loss).
    /// </summary>
    public async Task<int> VerifyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var unverifiable = await Task.WhenAll(_workers.Select(w => w.VerifyAsync(cts.Token)));
        return unverifiable.Sum();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
        _http.Dispose();
    }

    private void Violation(string message) => _violations.Enqueue($"{Now.TotalSeconds:F1}s {message}");

    private sealed class Worker(MixedLoad load, int index, int initialUsers)
    {
        private readonly AuthClient _client = new(load._http, load._clock, load._records);
        private readonly Random _random = new(index);

        public List<TrackedUser> Users { get; } = [];

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            while (Users.Count < initialUsers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!await RegisterAsync())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                }
            }

            foreach (var user in Users)
            {
                while (!user.HasSession)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await LogInAsync(user);
                }
            }
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var user = Users[_random.Next(Users.Count)];
                var roll = _random.Next(100);
                _ = roll switch
                {
                    < 5 => await RegisterAsync(),
                    < 15 => await LogInAsync(user),
                    < 20 when user.HasSession => await ChangePasswordAsync(user),
                    < 55 when user.HasSession => await RefreshAsync(user),
                    _ when user.HasSession => await MeAsync(user),
                    _ => await LogInAsync(user),
                };

                try
                {
                    await Task.Delay(_pause, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async Task<int> VerifyAsync(CancellationToken cancellationToken)
        {
            _client.Recording = false;
            var unverifiable = 0;
            foreach (var user in Users)
            {
                var earlier = user.RefreshTokens.Count >= 3 && !user.RefreshUnconfirmed ? user.RefreshTokens[^3] : null;
                var hadSession = user.HasSession;
                var refreshUnconfirmed = user.RefreshUnconfirmed;
                while (user.UnconfirmedPassword is not null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await SettlePasswordAsync(user);
                }

                if (hadSession)
                {
                    var latest = user.RefreshTokens[^1];
                    var refreshed = await UntilAnsweredAsync(() => _client.RefreshAsync(latest), cancellationToken);

                    if (refreshed.Status == 200)
                    {
                        user.Adopt(refreshed);
                    }
                    else if (refreshUnconfirmed)
                    {
                        unverifiable++;
                        user.DropSession();
                    }
                    else
                    {
                        load.Violation($"{user.Email}: the last acknowledged refresh token was refused after the run ({refreshed.Status} {refreshed.Code})");
                    }
                }

                var login = await UntilAnsweredAsync(() => _client.LogInAsync(user.Email, user.Password), cancellationToken);

                if (login.Status != 200)
                {
                    load.Violation($"{user.Email}: the acknowledged password was refused after the run ({login.Status} {login.Code})");
                }

                if (earlier is not null)
                {
                    var reused = await UntilAnsweredAsync(() => _client.RefreshAsync(earlier), cancellationToken);

                    if (reused.Status != 401 || reused.Code != "TOKEN_REUSED")
                    {
                        load.Violation($"{user.Email}: a refresh token two rotations old got {reused.Status} {reused.Code}, not 401 TOKEN_REUSED");
                    }
                }
            }

            return unverifiable;
        }

        /// <summary>Sends until the answer is not a 503 (the cluster is still recovering) or time is up.</summary>
        private static async Task<AuthClient.Answer> UntilAnsweredAsync(Func<Task<AuthClient.Answer>> send, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var answer = await send();
                if (!answer.IsUnavailable)
                {
                    return answer;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }

        private async Task<bool> RegisterAsync()
        {
            var user = new TrackedUser($"load-{index}-{Guid.NewGuid():N}@example.com");
            var answer = await _client.RegisterAsync(user.Email);
            if (answer.Status == 201)
            {
                Users.Add(user);
                return true;
            }

            // Without an answer the account may or may not exist; it was not acknowledged, so it is not tracked.
            Expect(answer, "register", user);
            return false;
        }

        private async Task<bool> LogInAsync(TrackedUser user)
        {
            if (user.UnconfirmedPassword is not null)
            {
                return await SettlePasswordAsync(user);
            }

            var answer = await _client.LogInAsync(user.Email, user.Password);
            if (answer.Status == 200)
            {
                if (!user.HasSession)
                {
                    user.StartSession(answer);
                }

                return true;
            }

            if (answer.Status == 401)
            {
                load.Violation($"{user.Email}: the acknowledged password was refused ({answer.Code})");
                return false;
            }

            Expect(answer, "login", user);
            return false;
        }

        /// <summary>A password change without an answer: find out which password the service kept.</summary>
        private async Task<bool> SettlePasswordAsync(TrackedUser user)
        {
            foreach (var candidate in new[] { user.UnconfirmedPassword!, user.Password })
            {
                var answer = await _client.LogInAsync(user.Email, candidate, probe: true);
                if (answer.Status == 200)
                {
                    user.Password = candidate;
                    user.UnconfirmedPassword = null;
                    if (!user.HasSession)
                    {
                        user.StartSession(answer);
                    }

                    return true;
                }

                if (answer.Status != 401)
                {
                    Expect(answer, "login", user);
                    return false;
                }
            }

            load.Violation($"{user.Email}: neither the old nor the new password logs in after an unanswered password change");
            user.UnconfirmedPassword = null;
            return false;
        }

        private async Task<bool> RefreshAsync(TrackedUser user)
        {
            var answer = await _client.RefreshAsync(user.RefreshTokens[^1]);
            switch (answer.Status)
            {
                case 200:
                    user.Adopt(answer);
                    return true;
                case 401 when user.RefreshUnconfirmed:
                    // The unanswered refresh did rotate, and the retry came after the reuse leeway: the service cannot
                    // tell the client from a thief. Nothing acknowledged was lost.
                    Interlocked.Increment(ref load._unconfirmedRotationLogouts);
                    user.DropSession();
                    return false;
                case 401:
                    load.Violation($"{user.Email}: the last acknowledged refresh token was refused ({answer.Code})");
                    user.DropSession();
                    return false;
                default:
                    user.RefreshUnconfirmed |= answer.Status is 0 or >= 500;
                    Expect(answer, "refresh", user);
                    return false;
            }
        }

        private async Task<bool> MeAsync(TrackedUser user)
        {
            var answer = await _client.MeAsync(user.AccessToken!);
            if (answer.Status == 200)
            {
                return true;
            }

            if (answer.Status == 401)
            {
                load.Violation($"{user.Email}: a live session's access token was refused ({answer.Code})");
                user.DropSession();
                return false;
            }

            Expect(answer, "me", user);
            return false;
        }

        private async Task<bool> ChangePasswordAsync(TrackedUser user)
        {
            if (user.UnconfirmedPassword is not null)
            {
                return await SettlePasswordAsync(user);
            }

            var next = $"Pw-{Guid.NewGuid():N}-9!";
            var answer = await _client.ChangePasswordAsync(user.AccessToken!, user.Password, next);
            if (answer.Status == 204)
            {
                user.Password = next;
                return true;
            }

            if (answer.Status is 0 or >= 500)
            {
                user.UnconfirmedPassword = next;
            }

            Expect(answer, "change-password", user);
            return false;
        }

        /// <summary>A failure is allowed only as 503 or no answer; anything else contradicts the ledger.</summary>
        private void Expect(AuthClient.Answer answer, string operation, TrackedUser user)
        {
            if (answer.Status is not (0 or 503))
            {
                load.Violation($"{user.Email}: {operation} answered {answer.Status} {answer.Code}");
            }
        }
    }
}
