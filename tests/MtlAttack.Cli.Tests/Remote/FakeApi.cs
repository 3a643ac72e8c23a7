using System.Net;
using System.Text;
using System.Text.Json;

namespace MtlAttack.Testing;

/// <summary>
/// The MtlAttack API in-process for SDK and CLI tests: answers each method + path (query excluded) with canned
/// responses in turn, the last one repeating, and records every request with what it carried. A route nobody set up
/// answers 404 naming itself, so a wrong path fails the test with a readable message. Compiled into both the CLI
/// and the Client test projects.
/// </summary>
public sealed class FakeApi : HttpMessageHandler
{
    public static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Queue<Func<CancellationToken, Task<HttpResponseMessage>>>> routes = [];
    private readonly List<RecordedRequest> requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (requests) return [.. requests]; }
    }

    /// <summary>Answers with <paramref name="body"/> as JSON (the contracts, camelCase).</summary>
    public FakeApi Json<T>(HttpMethod method, string path, T body, HttpStatusCode status = HttpStatusCode.OK) =>
        Answer(method, path, () => Response(status, JsonSerializer.Serialize(body, WebJson), "application/json"));

    /// <summary>Answers with each body in turn, the last one repeating: an evaluation that moves on between polls.</summary>
    public FakeApi JsonInTurn<T>(HttpMethod method, string path, params T[] bodies)
    {
        foreach (var body in bodies) Json(method, path, body);
        return this;
    }

    public FakeApi Text(HttpMethod method, string path, string body, string mediaType, HttpStatusCode status = HttpStatusCode.OK) =>
        Answer(method, path, () => Response(status, body, mediaType));

    /// <summary>Answers with a file's bytes, as the API serves a download.</summary>
    public FakeApi Bytes(HttpMethod method, string path, byte[] body, string mediaType) =>
        Answer(method, path, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) } },
        });

    /// <summary>Answers 204 with no body and no content type, as the API does for a deletion.</summary>
    public FakeApi NoContent(HttpMethod method, string path) =>
        Answer(method, path, () => new HttpResponseMessage(HttpStatusCode.NoContent));

    /// <summary>An RFC 7807 problem detail, as the API writes every error.</summary>
    public FakeApi Problem(HttpMethod method, string path, HttpStatusCode status, string title, string? detail, TimeSpan? retryAfter = null) =>
        Answer(method, path, () =>
        {
            var response = Response(status, JsonSerializer.Serialize(new { type = "about:blank", title, status = (int)status, detail }, WebJson), "application/problem+json");
            if (retryAfter is { } wait) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
            return response;
        });

    /// <summary>Fails the request the way HttpClient does when the server cannot be reached.</summary>
    public FakeApi Unreachable(HttpMethod method, string path) =>
        Add(method, path, _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (mtl.test:80)")));

    /// <summary>Never answers; the returned task completes once the request has arrived, so a test can cancel it in flight.</summary>
    public Task Hang(HttpMethod method, string path)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(method, path, async cancellationToken =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
        });
        return arrived.Task;
    }

    public RecordedRequest Single(HttpMethod method, string path) => Assert.Single(Requests, r => r.Method == method && r.Path == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.ReadAsync(request, cancellationToken);
        lock (requests) requests.Add(recorded);
        Func<CancellationToken, Task<HttpResponseMessage>>? respond = null;
        lock (routes)
        {
            if (routes.TryGetValue(Key(recorded.Method, recorded.Path), out var answers))
                respond = answers.Count > 1 ? answers.Dequeue() : answers.Peek();
        }
        return respond is null
            ? Response(HttpStatusCode.NotFound, JsonSerializer.Serialize(new { title = "Not Found", status = 404, detail = $"FakeApi has no answer for {recorded.Method} {recorded.Path}" }, WebJson), "application/problem+json")
            : await respond(cancellationToken);
    }

    private FakeApi Answer(HttpMethod method, string path, Func<HttpResponseMessage> response) =>
        Add(method, path, _ => Task.FromResult(response()));

    private FakeApi Add(HttpMethod method, string path, Func<CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (routes)
        {
            if (!routes.TryGetValue(Key(method, path), out var answers)) routes[Key(method, path)] = answers = new();
            answers.Enqueue(respond);
        }
        return this;
    }

    private static string Key(HttpMethod method, string path) => $"{method} {path}";

    private static HttpResponseMessage Response(HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}

/// <summary>One request as the fake received it. <see cref="Body"/> is empty for multipart requests, whose parts are in <see cref="Parts"/>.</summary>
public sealed record RecordedRequest(HttpMethod Method, string Path, string Query, string? ApiKey, string? MediaType, string Body, IReadOnlyList<FormPart> Parts)
{
    public JsonElement JsonBody => JsonDocument.Parse(Body).RootElement;

    public FormPart Part(string name) => Assert.Single(Parts, p => p.Name == name);

    public static async Task<RecordedRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        string? apiKey = request.Headers.TryGetValues("X-Api-Key", out var keys) ? string.Join(",", keys) : null;
        var parts = new List<FormPart>();
        string body = "";
        if (request.Content is MultipartFormDataContent form)
        {
            foreach (var part in form)
                parts.Add(new FormPart(Unquote(part.Headers.ContentDisposition?.Name), Unquote(part.Headers.ContentDisposition?.FileName),
                    await part.ReadAsStringAsync(cancellationToken)));
        }
        else if (request.Content is not null)
        {
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }
        return new RecordedRequest(request.Method, uri.AbsolutePath, uri.Query, apiKey, request.Content?.Headers.ContentType?.MediaType, body, parts);
    }

    private static string Unquote(string? value) => value?.Trim('"') ?? "";
}

/// <summary>One part of a multipart/form-data request: its form name, file name ("" for a text field) and content.</summary>
public sealed record FormPart(string Name, string FileName, string Text);
