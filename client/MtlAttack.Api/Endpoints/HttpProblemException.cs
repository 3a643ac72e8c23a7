namespace MtlAttack.Api.Endpoints;

/// <summary>A request the API itself refuses before any grain sees it, with the HTTP status that says why.</summary>
public sealed class HttpProblemException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
