using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Client;

/// <summary>
/// Typed client for the MtlAttack HTTP API (<c>/v1</c>). The <see cref="HttpClient"/> is the caller's (from
/// <c>IHttpClientFactory</c>, <c>WebApplicationFactory.CreateClient()</c> or <c>new HttpClient { BaseAddress = ... }</c>);
/// its <see cref="HttpClient.BaseAddress"/> is the server root, ending in '/'. Every error the server answers is
/// thrown as <see cref="MtlAttackApiException"/> with the server's own title and detail.
/// </summary>
public sealed partial class MtlAttackClient(HttpClient http, string? apiKey = null)
{
    // The API's own settings; unset request fields are left out, so the server applies its defaults.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Task<HealthResponse> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync<HealthResponse>(HttpMethod.Get, "v1/health", null, cancellationToken);

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ModelInfo>>(HttpMethod.Get, "v1/models", null, cancellationToken);

    public Task<ModelInfo> GetModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        SendAsync<ModelInfo>(HttpMethod.Get, $"v1/models/{Segment(modelId)}", null, cancellationToken);

    /// <summary>
    /// Unregisters a model and deletes its uploaded checkpoint, so its id can be registered again; the reports of its
    /// finished evaluations stay. 409 while an evaluation of it is still running: cancel that or wait for it.
    /// </summary>
    public async Task DeleteModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        // 204 No Content: nothing to read, the answer only needs disposing.
        using var response = await SendAsync(HttpMethod.Delete, $"v1/models/{Segment(modelId)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues an evaluation; the answer is its state when the server replied (running, or already completed if it was small).</summary>
    public Task<EvaluationInfo> StartEvaluationAsync(StartEvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<EvaluationInfo>(HttpMethod.Post, "v1/evaluations", JsonContent.Create(request, options: Json), cancellationToken);
    }

    /// <summary>The first page of evaluations, newest first (the server's default page size, 100).</summary>
    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<EvaluationInfo>>(HttpMethod.Get, "v1/evaluations", null, cancellationToken);

    /// <summary>
    /// A page of evaluations, newest first: at most <paramref name="limit"/> (1..1000), after the evaluation
    /// <paramref name="after"/> (the last id of the previous page; null for the first page).
    /// </summary>
    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        string path = $"v1/evaluations?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        return SendAsync<IReadOnlyList<EvaluationInfo>>(HttpMethod.Get, path, null, cancellationToken);
    }

    public Task<EvaluationInfo> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        SendAsync<EvaluationInfo>(HttpMethod.Get, $"v1/evaluations/{Segment(evaluationId)}", null, cancellationToken);

    /// <summary>The report of a completed evaluation as text in <paramref name="format"/> (<see cref="ReportFormats"/>); 409 while it is not completed.</summary>
    public async Task<string> GetReportAsync(string evaluationId, string format = ReportFormats.Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(format);
        ReportFormats.MediaType(format); // throws, listing the formats, for one the server does not write
        using var response = await SendAsync(HttpMethod.Get, $"v1/evaluations/{Segment(evaluationId)}/report?format={format}", null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels an evaluation; the answer is its state afterwards.</summary>
    public Task<EvaluationInfo> CancelEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        SendAsync<EvaluationInfo>(HttpMethod.Delete, $"v1/evaluations/{Segment(evaluationId)}", null, cancellationToken);

    /// <summary>
    /// Removes an ended (completed, failed or cancelled) evaluation with its report and saved adversarial example files;
    /// afterwards the server knows its id no more. 409 while it is still running: cancel it with
    /// <see cref="CancelEvaluationAsync"/> first.
    /// </summary>
    public async Task DeleteEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default)
    {
        // 204 No Content: nothing to read, the answer only needs disposing.
        using var response = await SendAsync(HttpMethod.Delete, $"v1/evaluations/{Segment(evaluationId)}?purge=true", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Average and per-task relative drops of completed evaluations side by side, in the order given.</summary>
    public Task<ComparisonReport> CompareAsync(IEnumerable<string> evaluationIds, CancellationToken cancellationToken = default) =>
        SendAsync<ComparisonReport>(HttpMethod.Get, ComparePath(evaluationIds, ComparisonFormats.Json), null, cancellationToken);

    /// <summary>
    /// The same comparison as a self-contained HTML page (<see cref="ComparisonFormats.Html"/>): average drop vs epsilon
    /// per evaluation x objective as inline SVG charts, and the table.
    /// </summary>
    public async Task<string> CompareHtmlAsync(IEnumerable<string> evaluationIds, CancellationToken cancellationToken = default)
    {
        string path = ComparePath(evaluationIds, ComparisonFormats.Html);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ComparePath(IEnumerable<string> evaluationIds, string format)
    {
        ArgumentNullException.ThrowIfNull(evaluationIds);
        var ids = evaluationIds.ToList();
        if (ids.Count == 0) throw new ArgumentException("Give at least one evaluation id to compare.", nameof(evaluationIds));
        foreach (var id in ids)
            if (id.Contains(',')) throw new ArgumentException($"Evaluation id '{id}' contains a comma, which separates ids in the query.", nameof(evaluationIds));
        string path = $"v1/reports/compare?ids={string.Join(',', ids.Select(Segment))}";
        // JSON is the server's default: the JSON request stays as it was.
        return format == ComparisonFormats.Json ? path : $"{path}&format={format}";
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The server answered {method} /{path} with an empty body.");
    }

    /// <summary>The one place requests are made: adds the key, and turns an error answer into <see cref="MtlAttackApiException"/>.</summary>
    /// <param name="completion">When the answer is handed back: <see cref="HttpCompletionOption.ResponseHeadersRead"/> streams a download rather than buffering it whole.</param>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey != null) request.Headers.Add(ApiHeaders.ApiKey, apiKey);
        var response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        try
        {
            await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // Ids are the server's and may in principle hold any character; escaping keeps each one a single path segment.
    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
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
        throw new MtlAttackApiException(response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? "Request failed", problem?.Detail, problem?.Type,
            RetryAfterOf(response));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private sealed record ProblemDetailsBody(string? Type, string? Title, int? Status, string? Detail);
}
