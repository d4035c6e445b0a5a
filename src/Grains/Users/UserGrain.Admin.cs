using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Users;

// Administrative changes: disable/enable, roles, deletion. The grain enforces the rules, so every API node agrees.
internal sealed partial class UserGrain
{
    internal const int MaxRoles = 20;

    private const string RoleRule = "Each role must be 1 to 64 characters: a lower-case letter, then lower-case letters, digits, '_', '.', ':' or '-'.";

    public async Task<AuthResult<UserProfile>> UpdateAccountAsync(AccountUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (CheckAdministered(update.UserId) is { } missing)
        {
            return missing;
        }

        if (update.Roles is { } requested && CheckRoles(requested) is { } invalid)
        {
            return invalid;
        }

        var roles = update.Roles is { } newRoles ? WithImplicitRoles(newRoles) : User.Roles;
        var disabled = update.Disabled ?? User.Disabled;
        if (update.ActorId == User.UserId && (disabled || !roles.Contains(UserRoles.Admin)))
        {
            return SelfLockout("An administrator cannot disable their own account or remove their own admin role.");
        }

        User.Roles = roles;
        if (disabled != User.Disabled)
        {
            User.Disabled = disabled;
            if (disabled)
            {
                EndSessions(User.Sessions.ToList(), SessionRevocationReason.AccountDisabled);
            }
        }

        Record(UserEventTypes.Updated, EventData() with { Disabled = User.Disabled, Roles = Roles(), ActorId = update.ActorId });
        await CommitAsync(cancellationToken);
        return Profile();
    }

    public async Task<AuthResult> DeleteAccountAsync(AccountDeletion deletion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        if (CheckAdministered(deletion.UserId) is { } missing)
        {
            return missing;
        }

        if (deletion.ActorId == User.UserId)
        {
            return SelfLockout("An administrator cannot delete their own account.");
        }

        var userId = User.UserId;
        EndSessions(User.Sessions.ToList(), SessionRevocationReason.AccountDeleted);
        Record(UserEventTypes.Deleted, EventData() with { ActorId = deletion.ActorId });

        // A fresh state keeps the row (and its version) but no hash, token, session or lockout: the email can register
        // again, and tokens of the deleted account fail because its sessions and user id are gone.
        _state.State = User.Emptied();
        await CommitAsync(cancellationToken);
        _logger.Deleted(userId, deletion.ActorId);
        return AuthResult.Success;
    }

    /// <summary>NOT_FOUND unless the account exists and, when <paramref name="userId"/> is given, is that account.</summary>
    private AuthError? CheckAdministered(Guid? userId) =>
        !Exists || (userId is { } id && id != User.UserId) ? new AuthError(AuthErrorCode.NotFound, "No such user.") : null;

    /// <summary>The requested roles, deduplicated, plus the ones every account of this email keeps.</summary>
    private List<string> WithImplicitRoles(ImmutableArray<string> requested)
    {
        List<string> roles = [UserRoles.User, .. requested.Where(role => role != UserRoles.User)];
        if (IsAdminEmail() && !roles.Contains(UserRoles.Admin))
        {
            roles.Add(UserRoles.Admin);
        }

        return [.. roles.Distinct(StringComparer.Ordinal)];
    }

    private static AuthError? CheckRoles(ImmutableArray<string> roles)
    {
        string? problem = roles.IsDefault ? "Roles must be a list."
            : roles.Length > MaxRoles ? $"At most {MaxRoles} roles are allowed."
            : roles.All(role => role is not null && RolePattern().IsMatch(role)) ? null
            : RoleRule;
        return problem is null ? null : new AuthError(AuthErrorCode.ValidationError, problem, FieldErrors: [new FieldError("roles", problem)]);
    }

    private static AuthError SelfLockout(string message) => new(AuthErrorCode.SelfLockout, message);

    [GeneratedRegex(@"^[a-z][a-z0-9_.:-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();
}
