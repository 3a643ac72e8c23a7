using System.Text.Json;

namespace MtlAttack.Api.Tests;

/// <summary>Reads an RFC 7807 answer and checks it is one.</summary>
internal static class Problems
{
    public static async Task<(int Status, string Title, string Detail)> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        int status = problem.GetProperty("status").GetInt32();
        Assert.Equal((int)response.StatusCode, status);
        return (status, problem.GetProperty("title").GetString() ?? "", problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "");
    }

    public static async Task<string> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        var (code, _, detail) = await ReadAsync(response);
        Assert.True(code == (int)status, $"expected {(int)status}, got {code}: {detail}");
        if (detailContains is not null) Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        return detail;
    }
}
