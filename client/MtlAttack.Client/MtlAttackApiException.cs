using System.Net;

namespace MtlAttack.Client;

/// <summary>An RFC 7807 problem detail answered by the MtlAttack API, surfaced with its own words.</summary>
public sealed class MtlAttackApiException(HttpStatusCode status, string title, string? detail, string? type, TimeSpan? retryAfter = null)
    : Exception(detail is null ? $"{(int)status} {title}" : $"{(int)status} {title}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? ProblemType { get; } = type;

    /// <summary>How long the server asked the caller to wait before trying again (its <c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// True when the request may succeed unchanged later: the service or a dependency of it (a silo, a state database)
    /// is down for the moment (503). Refusals of the request itself (4xx) are not.
    /// </summary>
    public bool IsTransient => Status == HttpStatusCode.ServiceUnavailable;
}
