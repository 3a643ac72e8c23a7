using System.Text.Json;

namespace MtlAttack.Api.Tests;

public class ApiBasicsTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task HealthAnswersOk()
    {
        var response = await factory.CreateClient().GetAsync("/v1/health");
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownRouteIsAProblemDetail()
    {
        var response = await factory.CreateClient().GetAsync("/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("/v1/nothing-here", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentListsTheVersionedEndpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/health", out _));
    }
}
