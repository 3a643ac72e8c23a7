using System.Net.Http.Json;
using System.Text.Json;

namespace MtlAttack.Client;

/// <summary>Typed client for the MtlAttack HTTP API. The HttpClient's BaseAddress is the server URL.</summary>
public sealed class MtlAttackClient(HttpClient http, string? apiKey = null)
{
    public const string ApiKeyHeader = "X-Api-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<HealthInfo> GetHealthAsync(CancellationToken cancellationToken = default) =>
        GetAsync<HealthInfo>("v1/health", cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey != null) request.Headers.Add(ApiKeyHeader, apiKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The server answered {path} with an empty body.");
    }

    internal static async Task ThrowIfProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        ProblemDetailsBody? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try { problem = await response.Content.ReadFromJsonAsync<ProblemDetailsBody>(Json, cancellationToken).ConfigureAwait(false); }
            catch (JsonException) { /* not a problem document; fall back to the status line */ }
        }
        throw new MtlAttackApiException(response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? "Request failed", problem?.Detail, problem?.Type);
    }

    private sealed record ProblemDetailsBody(string? Type, string? Title, int? Status, string? Detail);
}

public sealed record HealthInfo(string Status, string Version);
