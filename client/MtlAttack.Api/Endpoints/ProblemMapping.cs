using MtlAttack.Abstractions;
using MtlAttack.Api.Tenancy;

namespace MtlAttack.Api.Endpoints;

/// <summary>
/// Which HTTP status and title an exception leaves the API as. Refusals (bad input, unknown or foreign ids, conflicts)
/// keep their message, which says what to change; a dependency that is down (no silo, the state database) is a 503
/// that names it; other failures of the service itself say only that it failed.
/// </summary>
public static class ProblemMapping
{
    public sealed record Problem(int Status, string Title, string? Detail);

    /// <summary>The problem for <paramref name="error"/>, its detail with echoed input shortened (<see cref="EchoedInput"/>).</summary>
    public static Problem For(Exception error)
    {
        var problem = Map(error);
        return problem with { Detail = EchoedInput.Shorten(problem.Detail) };
    }

    private static Problem Map(Exception error) => error switch
    {
        HttpProblemException e => new(e.Status, TitleOf(e.Status), e.Message),
        MtlAttackException { Kind: MtlAttackErrorKind.NotFound } e => new(StatusCodes.Status404NotFound, TitleOf(404), e.Message),
        MtlAttackException { Kind: MtlAttackErrorKind.Conflict } e => new(StatusCodes.Status409Conflict, TitleOf(409), e.Message),
        MtlAttackException { Kind: MtlAttackErrorKind.QuotaExceeded } e => new(StatusCodes.Status429TooManyRequests, TitleOf(429), e.Message),
        MtlAttackException { Kind: MtlAttackErrorKind.Unavailable } e => new(StatusCodes.Status503ServiceUnavailable, TitleOf(503), e.Message),
        MtlAttackException e => new(StatusCodes.Status400BadRequest, TitleOf(400), e.Message),
        // The tenant store, or a silo's state database behind a grain call: say which one is down, and that it passes.
        _ when StorageOutage.Describe(error) is { } outage => new(StatusCodes.Status503ServiceUnavailable, TitleOf(503), $"{outage}. Retry shortly."),
        TenantExistsException e => new(StatusCodes.Status409Conflict, TitleOf(409), e.Message),
        BadHttpRequestException e => new(e.StatusCode, TitleOf(e.StatusCode), e.Message),
        ArgumentException or FormatException => new(StatusCodes.Status400BadRequest, TitleOf(400), error.Message),
        KeyNotFoundException => new(StatusCodes.Status404NotFound, TitleOf(404), error.Message),
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException =>
            new(StatusCodes.Status503ServiceUnavailable, TitleOf(503), "The service could not reach a silo in time; retry shortly."),
        _ => new(StatusCodes.Status500InternalServerError, TitleOf(500), null),
    };

    public static string TitleOf(int status) => status switch
    {
        400 => "The request is invalid",
        401 => "Unauthorized",
        404 => "Not found",
        409 => "Conflict",
        413 => "The upload is too large",
        414 => "The URL is too long",
        415 => "Unsupported media type",
        429 => "Quota exceeded",
        503 => "The service is unavailable",
        >= 500 => "The server failed to process the request",
        _ => "The request was refused",
    };
}
