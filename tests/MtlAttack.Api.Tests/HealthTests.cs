using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MtlAttack.Client;
using MtlAttack.Silo;

namespace MtlAttack.Api.Tests;

[Collection(ApiCollection.Name)]
public class HealthTests(ApiService service)
{
    [Fact]
    public async Task AServiceWhoseDependenciesAnswerIsLiveAndReady()
    {
        using var http = service.Http(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/health/live")).StatusCode);

        var ready = await http.GetAsync("/v1/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        var names = body.GetProperty("dependencies").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains(names, n => n!.StartsWith("tenant store (SQLite", StringComparison.Ordinal));
        Assert.Contains("silos", names);

        var summary = await http.GetFromJsonAsync<JsonElement>("/v1/health");
        Assert.Equal("ok", summary.GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithItsPostgreSQLDownTheApiIsLiveButNotReadyAndEveryRequestIsA503NamingIt()
    {
        // A tenant store on a PostgreSQL server that is not there: nothing listens on the port.
        int port = LocalPorts.Free();
        await using var api = service.Reconfigured(new Dictionary<string, string>
        {
            ["MtlAttack:Api:Tenants:Postgres"] = $"Host=127.0.0.1;Port={port};Database=mtlattack;Username=mtlattack;Timeout=5",
        });
        using var http = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/health/live")).StatusCode);

        var ready = await http.GetAsync("/v1/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        var problem = await ready.Content.ReadFromJsonAsync<JsonElement>();
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("PostgreSQL", detail);
        Assert.Contains($"127.0.0.1:{port}", detail);
        var tenantStore = problem.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString()!.StartsWith("tenant store", StringComparison.Ordinal));
        Assert.Equal("unavailable", tenantStore.GetProperty("status").GetString());

        var summary = await http.GetAsync("/v1/health");
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Equal("degraded", (await summary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // A request whose key cannot be looked up: 503 saying what is down, not a bare 500.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add(ApiHeaders.ApiKey, service.AlphaKey);
        var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        string refusal = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("PostgreSQL", refusal);
        Assert.Contains("Retry shortly", refusal);
        Assert.Equal(TimeSpan.FromSeconds(ApiSetup.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
    }
}
