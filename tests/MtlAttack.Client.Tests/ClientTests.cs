namespace MtlAttack.Client.Tests;

public class ClientTests
{
    private static (MtlAttackClient, StubHandler) Client(HttpStatusCode status, string body, string mediaType = "application/json")
    {
        var handler = new StubHandler(status, body, mediaType);
        return (new MtlAttackClient(new HttpClient(handler) { BaseAddress = new Uri("http://mtl.test/") }, "key-123"), handler);
    }

    [Fact]
    public async Task HealthIsReadAndTheApiKeyIsSent()
    {
        var (client, handler) = Client(HttpStatusCode.OK, """{"status":"ok","version":"1.2.3"}""");
        var health = await client.GetHealthAsync();
        Assert.Equal("ok", health.Status);
        Assert.Equal("1.2.3", health.Version);
        Assert.Equal("key-123", handler.LastRequest!.Headers.GetValues(MtlAttackClient.ApiKeyHeader).Single());
        Assert.Equal("http://mtl.test/v1/health", handler.LastRequest.RequestUri!.ToString());
    }

    [Fact]
    public async Task ProblemDetailsBecomeExceptionsWithTheServersMessage()
    {
        var (client, _) = Client(HttpStatusCode.BadRequest,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request is invalid","status":400,"detail":"epsilon must be >= 0"}""",
            "application/problem+json");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => client.GetHealthAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("epsilon must be >= 0", error.Detail);
        Assert.Contains("The request is invalid: epsilon must be >= 0", error.Message);
    }

    [Fact]
    public async Task NonProblemErrorsKeepTheStatusLine()
    {
        var (client, _) = Client(HttpStatusCode.BadGateway, "<html>proxy</html>", "text/html");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => client.GetHealthAsync());
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Null(error.Detail);
    }
}
