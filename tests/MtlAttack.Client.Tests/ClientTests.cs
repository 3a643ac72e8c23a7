namespace MtlAttack.Client.Tests;

/// <summary>What every call shares: the key header, the base address, and problem details as exceptions.</summary>
public class ClientTests
{
    [Fact]
    public async Task HealthIsReadAndTheApiKeyIsSent()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/health", new HealthResponse("ok", "1.2.3"));
        var health = await TestClient.For(api).GetHealthAsync();
        Assert.Equal("ok", health.Status);
        Assert.Equal("1.2.3", health.Version);
        Assert.Equal(TestClient.Key, api.Single(HttpMethod.Get, "/v1/health").ApiKey);
    }

    [Fact]
    public async Task WithoutAKeyNoKeyHeaderIsSent()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/health", new HealthResponse("ok", "1"));
        await TestClient.For(api, apiKey: null).GetHealthAsync();
        Assert.Null(api.Single(HttpMethod.Get, "/v1/health").ApiKey);
    }

    [Fact]
    public async Task PathsResolveUnderABaseAddressWithAPrefix()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/mtlattack/v1/health", new HealthResponse("ok", "1"));
        var client = new MtlAttackClient(new HttpClient(api) { BaseAddress = new Uri("http://mtl.test/mtlattack/") });
        Assert.Equal("ok", (await client.GetHealthAsync()).Status);
    }

    [Fact]
    public async Task ProblemDetailsBecomeExceptionsWithTheServersMessage()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, "/v1/health", HttpStatusCode.BadRequest, "The request is invalid", "epsilon must be >= 0");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).GetHealthAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("The request is invalid", error.Title);
        Assert.Equal("epsilon must be >= 0", error.Detail);
        Assert.Equal("about:blank", error.ProblemType);
        Assert.Equal("400 The request is invalid: epsilon must be >= 0", error.Message);
    }

    [Fact]
    public async Task NonProblemErrorsKeepTheStatusLine()
    {
        var api = new FakeApi().Text(HttpMethod.Get, "/v1/health", "<html>proxy</html>", "text/html", HttpStatusCode.BadGateway);
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).GetHealthAsync());
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal("Bad Gateway", error.Title);
        Assert.Null(error.Detail);
    }

    [Fact]
    public async Task AnInFlightRequestStopsWhenCancelled()
    {
        var api = new FakeApi();
        var arrived = api.Hang(HttpMethod.Get, "/v1/models");
        using var cancellation = new CancellationTokenSource();
        var listing = TestClient.For(api).ListModelsAsync(cancellation.Token);
        await arrived;
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);
    }

    [Fact]
    public async Task BlankIdsAreRejectedBeforeAnyRequest()
    {
        var api = new FakeApi();
        var client = TestClient.For(api);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetModelAsync(" "));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetEvaluationAsync(""));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.CancelEvaluationAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteModelAsync(""));
        Assert.Empty(api.Requests);
    }
}
