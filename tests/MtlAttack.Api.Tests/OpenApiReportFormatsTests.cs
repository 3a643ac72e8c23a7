using System.Text.Json;

namespace MtlAttack.Api.Tests;

/// <summary>The OpenAPI document tells generated clients every media type the report and comparison endpoints answer in.</summary>
[Collection(ApiCollection.Name)]
public class OpenApiReportFormatsTests(ApiService service)
{
    [Fact]
    public async Task ReportAndCompareDocumentEveryFormatTheyReturn()
    {
        using var http = service.Http(null);
        var paths = (await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        var report = Ok(paths, "/v1/evaluations/{id}/report");
        foreach (var mediaType in new[] { "application/json", "text/csv", "text/markdown", "text/html" })
            Assert.True(report.TryGetProperty(mediaType, out _), $"GET /v1/evaluations/{{id}}/report does not document {mediaType}: {report}");

        var compare = Ok(paths, "/v1/reports/compare");
        Assert.True(compare.TryGetProperty("text/html", out var html), $"GET /v1/reports/compare does not document text/html: {compare}");
        Assert.Equal("string", html.GetProperty("schema").GetProperty("type").GetString());
        // The JSON answer keeps its schema: the comparison rows, not a bare string.
        Assert.Contains("ComparisonReport", compare.GetProperty("application/json").GetProperty("schema").GetRawText());
    }

    private static JsonElement Ok(JsonElement paths, string path) =>
        paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
}
