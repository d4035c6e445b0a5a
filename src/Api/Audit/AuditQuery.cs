using System.Globalization;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Audit;

/// <summary>The validated filters and page of GET /api/v1/audit.</summary>
internal sealed record AuditQuery(Guid? UserId, string? Type, int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    // Keeps OFFSET within what both databases handle and far beyond any real audit log.
    public const int MaxPage = 1_000_000;

    private const int MaxTypeLength = 128;

    public int Offset => (Page - 1) * PageSize;

    /// <summary>Parses the raw query values; on failure <paramref name="errors"/> names each bad parameter.</summary>
    public static AuditQuery? TryParse(string? userId, string? type, string? page, string? pageSize, ValidationErrors errors)
    {
        Guid? user = null;
        if (userId is not null)
        {
            if (Guid.TryParseExact(userId, "D", out var parsed))
            {
                user = parsed;
            }
            else
            {
                errors.Add("user_id", "The user id must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
            }
        }

        if (type is not null && (type.Length is 0 or > MaxTypeLength || !type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_')))
        {
            errors.Add("type", $"The type must be an event type such as user.logged_in (lower-case letters, digits, '.', '_'; at most {MaxTypeLength}).");
        }

        var pageNumber = ParseBounded(page, "page", 1, 1, MaxPage, errors);
        var size = ParseBounded(pageSize, "page_size", DefaultPageSize, 1, MaxPageSize, errors);
        return errors.IsEmpty ? new AuditQuery(user, type, pageNumber, size) : null;
    }

    private static int ParseBounded(string? value, string field, int defaultValue, int minimum, int maximum, ValidationErrors errors)
    {
        if (value is null)
        {
            return defaultValue;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum)
        {
            return parsed;
        }

        errors.Add(field, $"The {field} must be a whole number from {minimum} to {maximum}.");
        return defaultValue;
    }
}
