using System.Collections.Immutable;
using System.Text.Json;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Tests.Interfaces;

/// <summary>Every type crossing IUserGrain round-trips through the source-generated context alone.</summary>
public sealed class GrainsJsonContextTests
{
    private static readonly JsonSerializerOptions SourceGeneratedOnly = new(GrainsJsonContext.Default.Options) { TypeInfoResolver = GrainsJsonContext.Default };

    [Fact]
    public void RoundTrip_EveryArgumentAndResultType_PreservesValues()
    {
        var now = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
        object[] values =
        [
            new LoginRequest("pw", "agent", "::1"),
            new RefreshRequest("oart_x", null, null),
            new ChangePasswordRequest("old", "new"),
            new ResetPasswordRequest("oapr_x", "new"),
            new AccountUpdate(true, ImmutableArray.Create("admin")),
            new AccountUpdate(null, ImmutableArray.Create("support"), Guid.NewGuid(), Guid.NewGuid()),
            new AccountDeletion(Guid.NewGuid(), Guid.NewGuid()),
            AuthResult.Fail(new AuthError(AuthErrorCode.SelfLockout, "self")),
            AuthResult.Success,
            AuthResult.Fail(new AuthError(AuthErrorCode.ValidationError, "bad", null, ImmutableArray.Create(new FieldError("email", "bad")))),
            AuthResult<UserProfile>.Ok(new UserProfile(Guid.NewGuid(), "a@x.com", true, now, ["user"], false, now, now)),
            AuthResult<SessionGrant>.Fail(new AuthError(AuthErrorCode.AccountLocked, "locked", TimeSpan.FromSeconds(60))),
            AuthResult<SessionGrant>.Ok(new SessionGrant(Guid.NewGuid(), "a@x.com", ["user"], Guid.NewGuid(), "oart_x", now, now)),
            AuthResult<SessionList>.Ok(new SessionList([new SessionInfo(Guid.NewGuid(), now, now, now, "ua", "ip", true)])),
            AuthResult<ActiveSession>.Ok(new ActiveSession(Guid.NewGuid(), "a@x.com", Guid.NewGuid(), ["user", "admin"], now)),
        ];

        foreach (var value in values)
        {
            var json = JsonSerializer.Serialize(value, value.GetType(), SourceGeneratedOnly);
            var back = JsonSerializer.Deserialize(json, value.GetType(), SourceGeneratedOnly);
            Assert.Equal(json, JsonSerializer.Serialize(back, value.GetType(), SourceGeneratedOnly));
        }
    }

    [Fact]
    public void ErrorCode_IsWrittenAsItsName()
    {
        var json = JsonSerializer.Serialize(AuthResult.Fail(new AuthError(AuthErrorCode.TokenReused, "x")), GrainsJsonContext.Default.AuthResult);

        Assert.Contains("\"TokenReused\"", json, StringComparison.Ordinal);
        Assert.Equal("TOKEN_REUSED", AuthErrorCode.TokenReused.ToCode());
        Assert.All(Enum.GetValues<AuthErrorCode>(), code => Assert.Matches("^[A-Z_]+$", code.ToCode()));
    }

    [Fact]
    public void ToString_OfSecretCarryingRecords_HidesTheSecrets()
    {
        var texts = new object[]
        {
            new LoginRequest("hunter2-secret", null, null),
            new RefreshRequest("oart_secret", null, null),
            new ChangePasswordRequest("hunter2-secret", "hunter3-secret"),
            new ResetPasswordRequest("oapr_secret", "hunter3-secret"),
            new SessionGrant(Guid.NewGuid(), "a@x.com", [], Guid.NewGuid(), "oart_secret", default, default),
        }.Select(value => value.ToString()!);

        Assert.All(texts, text => Assert.DoesNotContain("secret", text, StringComparison.Ordinal));
    }
}
