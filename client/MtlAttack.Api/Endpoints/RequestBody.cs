using System.Text.Json;

namespace MtlAttack.Api.Endpoints;

/// <summary>
/// Reads JSON bodies ourselves rather than through parameter binding, so that a malformed body is answered with the
/// parser's own account of what is wrong and where (line, position, missing property).
/// </summary>
public static class RequestBody
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
            throw new HttpProblemException(StatusCodes.Status415UnsupportedMediaType, $"Send the body as JSON (Content-Type: application/json); got '{request.ContentType ?? "no content type"}'.");
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, cancellationToken)
                ?? throw new HttpProblemException(StatusCodes.Status400BadRequest, "The body is JSON null; send an object.");
        }
        catch (JsonException e)
        {
            throw new HttpProblemException(StatusCodes.Status400BadRequest, $"The body is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
