using System.Net;

namespace MtlAttack.Client;

/// <summary>An RFC 7807 problem detail answered by the MtlAttack API, surfaced with its own words.</summary>
public sealed class MtlAttackApiException(HttpStatusCode status, string title, string? detail, string? type)
    : Exception(detail is null ? $"{(int)status} {title}" : $"{(int)status} {title}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? ProblemType { get; } = type;
}
