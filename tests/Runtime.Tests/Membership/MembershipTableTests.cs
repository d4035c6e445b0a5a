using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Membership.Table;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>
/// The membership table against every database: compare-and-swap on the table version, Dead is final, heartbeats,
/// defunct cleanup and cluster isolation. Each test uses its own cluster id, so tests share the fixture's database.
/// </summary>
public abstract class MembershipTableTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly MembershipDatabases _databases = new();
    private readonly FakeTimeProvider _time = new(Start);

    protected TFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => MembershipDatabases.MigrateAsync(CreateDatabase(Fixture.ConnectionString));

    public Task DisposeAsync() => _databases.DisposeAsync().AsTask();

    [Fact]
    public async Task ReadAllAsync_NewCluster_ReturnsEmptyAtVersionZero()
    {
        var snapshot = await NewTable().ReadAllAsync(CancellationToken.None);

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Members);
    }

    [Fact]
    public async Task TryInsertAsync_CurrentVersion_StoresEveryFieldAndBumpsVersion()
    {
        var table = NewTable();
        var voter = Silo(2);
        var member = Member(Silo(1), MembershipStatus.Joining) with
        {
            Name = "silo-α",
            Suspicions = [new SuspicionVote(voter, Start.AddSeconds(-3))],
        };

        Assert.True(await table.TryInsertAsync(member, 0, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        var stored = Assert.Single(snapshot.Members).Value;
        Assert.Equal(member.Address, stored.Address);
        Assert.Equal("silo-α", stored.Name);
        Assert.Equal(MembershipStatus.Joining, stored.Status);
        Assert.Equal(member.StartTime, stored.StartTime);
        Assert.Equal(member.IAmAliveTime, stored.IAmAliveTime);
        var vote = Assert.Single(stored.Suspicions);
        Assert.Equal(voter, vote.Voter);
        Assert.Equal(Start.AddSeconds(-3), vote.Time);
        Assert.Equal(new SuspicionVote(voter, Start.AddSeconds(-3)), vote);
    }

    [Fact]
    public async Task TryInsertAsync_StaleVersion_ChangesNothing()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));

        Assert.False(await table.TryInsertAsync(Member(Silo(2), MembershipStatus.Joining), 0, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal([Silo(1)], snapshot.Members.Keys);
    }

    [Fact]
    public async Task TryInsertAsync_ExistingIdentity_ReturnsFalseAndKeepsRowAndVersion()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));

        Assert.False(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Joining) with { Name = "impostor" }, 1, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(MembershipStatus.Active, snapshot.Members[Silo(1)].Status);
        Assert.NotEqual("impostor", snapshot.Members[Silo(1)].Name);
    }

    [Fact]
    public async Task TryUpdateAsync_ConcurrentVoters_RecordsEveryVoteWithStrictlyIncreasingVersions()
    {
        const int Voters = 8;
        const int VotesEach = 3;
        var table = NewTable();
        var suspect = Silo(1);
        Assert.True(await table.TryInsertAsync(Member(suspect, MembershipStatus.Active), 0, CancellationToken.None));
        var committedVersions = new ConcurrentBag<long>();

        // Every voter has its own connection pool (a process of its own) and retries on a lost race, as silos do.
        var voters = Enumerable.Range(0, Voters).Select(v => Task.Run(async () =>
        {
            var voterTable = NewTable(CreateDatabase(Fixture.ConnectionString), table.ClusterId);
            for (var round = 0; round < VotesEach; round++)
            {
                var vote = new SuspicionVote(Silo(100 + v), Start.AddMilliseconds((v * VotesEach) + round));
                while (true)
                {
                    var snapshot = await voterTable.ReadAllAsync(CancellationToken.None);
                    var row = snapshot.Members[suspect];
                    if (await voterTable.TryUpdateAsync(row with { Suspicions = row.Suspicions.Add(vote) }, snapshot.Version, CancellationToken.None))
                    {
                        committedVersions.Add(snapshot.Version + 1);
                        break;
                    }
                }
            }
        }));
        await Task.WhenAll(voters);

        var final = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1 + (Voters * VotesEach), final.Version);
        Assert.Equal(Enumerable.Range(2, Voters * VotesEach).Select(v => (long)v), committedVersions.Order());
        Assert.Equal(Voters * VotesEach, final.Members[suspect].Suspicions.Distinct().Count());
    }

    [Fact]
    public async Task TryInsertAsync_ConcurrentJoiners_EveryoneInsertedOnceVersionPerInsert()
    {
        const int Joiners = 6;
        var table = NewTable();

        await Task.WhenAll(Enumerable.Range(1, Joiners).Select(i => Task.Run(async () =>
        {
            var joinerTable = NewTable(CreateDatabase(Fixture.ConnectionString), table.ClusterId);
            while (!await joinerTable.TryInsertAsync(Member(Silo(i), MembershipStatus.Joining), (await joinerTable.ReadAllAsync(CancellationToken.None)).Version, CancellationToken.None))
            {
            }
        })));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(Joiners, snapshot.Version);
        Assert.Equal(Enumerable.Range(1, Joiners).Select(Silo).ToHashSet(), snapshot.Members.Keys.ToHashSet());
    }

    [Fact]
    public async Task TryUpdateAsync_DeadRowToActive_RefusedAndRowStaysDead()
    {
        var table = NewTable();
        var silo = Silo(1);
        Assert.True(await table.TryInsertAsync(Member(silo, MembershipStatus.Active), 0, CancellationToken.None));
        Assert.True(await table.TryUpdateAsync(Member(silo, MembershipStatus.Dead), 1, CancellationToken.None));

        Assert.False(await table.TryUpdateAsync(Member(silo, MembershipStatus.Active), 2, CancellationToken.None));
        Assert.False(await table.TryUpdateAsync(Member(silo, MembershipStatus.ShuttingDown), 2, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(MembershipStatus.Dead, snapshot.GetStatus(silo));
    }

    [Fact]
    public async Task DeadIsFinal_UpdateOutsideTheWriter_RejectedByTrigger()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Dead), 0, CancellationToken.None));

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(
            $"UPDATE membership SET status = 'Active' WHERE cluster_id = '{table.ClusterId}'"));

        Assert.Equal(MembershipStatus.Dead, (await table.ReadAllAsync(CancellationToken.None)).GetStatus(Silo(1)));
    }

    [Fact]
    public async Task TryUpdateAsync_DeadRowWithMoreVotes_Allowed()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Dead), 0, CancellationToken.None));

        var withVote = Member(Silo(1), MembershipStatus.Dead) with { Suspicions = [new SuspicionVote(Silo(2), Start)] };
        Assert.True(await table.TryUpdateAsync(withVote, 1, CancellationToken.None));

        Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Members[Silo(1)].Suspicions);
    }

    [Fact]
    public async Task TryUpdateAsync_MissingRow_ReturnsFalseAndKeepsVersion()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));

        Assert.False(await table.TryUpdateAsync(Member(Silo(2), MembershipStatus.Active), 1, CancellationToken.None));

        Assert.Equal(1, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task UpdateIAmAliveAsync_LiveRow_MovesForwardOnlyWithoutNewVersion()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));

        Assert.True(await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(10), CancellationToken.None));
        Assert.True(await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(5), CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(Start.AddSeconds(10), snapshot.Members[Silo(1)].IAmAliveTime);
    }

    [Fact]
    public async Task UpdateIAmAliveAsync_DeadOrMissingRow_ReturnsFalse()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Dead), 0, CancellationToken.None));

        Assert.False(await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(10), CancellationToken.None));
        Assert.False(await table.UpdateIAmAliveAsync(Silo(2), Start.AddSeconds(10), CancellationToken.None));
        Assert.Equal(Start, (await table.ReadAllAsync(CancellationToken.None)).Members[Silo(1)].IAmAliveTime);
    }

    [Fact]
    public async Task TryUpdateAsync_OlderHeartbeatInRow_KeepsNewerStoredHeartbeat()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));
        Assert.True(await table.UpdateIAmAliveAsync(Silo(1), Start.AddSeconds(30), CancellationToken.None));

        // A voter writes the row as it read it before the heartbeat: the heartbeat must survive.
        var vote = Member(Silo(1), MembershipStatus.Active) with { Suspicions = [new SuspicionVote(Silo(2), Start)] };
        Assert.True(await table.TryUpdateAsync(vote, 1, CancellationToken.None));

        Assert.Equal(Start.AddSeconds(30), (await table.ReadAllAsync(CancellationToken.None)).Members[Silo(1)].IAmAliveTime);
    }

    [Fact]
    public async Task DeleteDefunctAsync_MixedRows_DeletesOnlyDeadRowsOlderThanCutoff()
    {
        var table = NewTable();
        var cutoff = Start.AddHours(-1);
        var rows = new[]
        {
            Member(Silo(1), MembershipStatus.Dead) with { IAmAliveTime = cutoff.AddMinutes(-1) },
            Member(Silo(2), MembershipStatus.Dead) with { IAmAliveTime = cutoff.AddMinutes(1) },
            Member(Silo(3), MembershipStatus.Active) with { IAmAliveTime = cutoff.AddDays(-1) },
            Member(Silo(4), MembershipStatus.ShuttingDown) with { IAmAliveTime = cutoff.AddDays(-1) },
            Member(Silo(5), MembershipStatus.Joining) with { IAmAliveTime = cutoff.AddDays(-1) },
        };
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.True(await table.TryInsertAsync(rows[i], i, CancellationToken.None));
        }

        Assert.Equal(1, await table.DeleteDefunctAsync(cutoff, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(rows.Length + 1, snapshot.Version);
        Assert.Equal([Silo(2), Silo(3), Silo(4), Silo(5)], snapshot.Members.Keys.OrderBy(s => s.Port));
    }

    [Fact]
    public async Task DeleteDefunctAsync_NothingDefunct_KeepsVersion()
    {
        var table = NewTable();
        Assert.True(await table.TryInsertAsync(Member(Silo(1), MembershipStatus.Dead), 0, CancellationToken.None));

        Assert.Equal(0, await table.DeleteDefunctAsync(Start.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await NewTable().DeleteDefunctAsync(Start, CancellationToken.None));

        Assert.Equal(1, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Tables_DifferentClusterIds_DoNotSeeOrAffectEachOther()
    {
        var blue = NewTable();
        var green = NewTable();
        Assert.True(await blue.TryInsertAsync(Member(Silo(1), MembershipStatus.Active), 0, CancellationToken.None));
        Assert.True(await blue.TryUpdateAsync(Member(Silo(1), MembershipStatus.Dead) with { IAmAliveTime = Start.AddDays(-1) }, 1, CancellationToken.None));

        // The same identity in another cluster is another row, with its own version sequence.
        Assert.True(await green.TryInsertAsync(Member(Silo(1), MembershipStatus.Joining), 0, CancellationToken.None));
        Assert.Equal(0, await green.DeleteDefunctAsync(Start, CancellationToken.None));

        var blueSnapshot = await blue.ReadAllAsync(CancellationToken.None);
        var greenSnapshot = await green.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, blueSnapshot.Version);
        Assert.Equal(MembershipStatus.Dead, blueSnapshot.GetStatus(Silo(1)));
        Assert.Equal(1, greenSnapshot.Version);
        Assert.Equal(MembershipStatus.Joining, greenSnapshot.GetStatus(Silo(1)));
    }

    internal abstract IAuthDatabase CreateDatabaseCore(string connectionString);

    private IAuthDatabase CreateDatabase(string connectionString) => _databases.Add(CreateDatabaseCore(connectionString));

    private MembershipTable NewTable(IAuthDatabase? database = null, string? clusterId = null) =>
        new(database ?? CreateDatabase(Fixture.ConnectionString), clusterId ?? $"c{Guid.NewGuid():N}", _time);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await CreateDatabase(Fixture.ConnectionString).OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static SiloAddress Silo(int port) => new("127.0.0.1", 20000 + port, 1_700_000_000_000);

    private static ClusterMember Member(SiloAddress silo, MembershipStatus status) =>
        new(silo, $"silo-{silo.Port}", status, Start.AddMinutes(-5), Start, ImmutableArray<SuspicionVote>.Empty);
}
