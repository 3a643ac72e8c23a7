namespace MtlAttack.Api.Tests;

[Collection(ApiCollection.Name)]
public class TenantIsolationTests(ApiService service)
{
    [Fact]
    public async Task AnotherTenantsIdsAnswer404ExactlyAsMissingOnesOnEveryEndpoint()
    {
        var alpha = service.Sdk(service.AlphaKey);
        await alpha.UploadModelAsync(service.Checkpoint, name: "secret");
        var evaluation = await alpha.StartEvaluationAsync(new StartEvaluationRequest
        {
            ModelId = "secret", Dataset = ApiService.Dataset, Algorithms = ["fgsm"], Objectives = ["dgba"], Epsilons = [4], MaxSamples = 4, BatchSize = 4,
        });
        await alpha.WaitForCompletionAsync(evaluation.Id, pollInterval: TimeSpan.FromMilliseconds(50));

        using var beta = service.Http(service.BetaKey);
        string missing = "alpha." + new string('0', 32);
        foreach (var (foreign, absent) in new[]
        {
            (Get("/v1/models/secret"), Get("/v1/models/no-such-model")),
            (new HttpRequestMessage(HttpMethod.Delete, "/v1/models/secret"), new HttpRequestMessage(HttpMethod.Delete, "/v1/models/no-such-model")),
            (Get($"/v1/evaluations/{evaluation.Id}"), Get($"/v1/evaluations/{missing}")),
            (Get($"/v1/evaluations/{evaluation.Id}/report?format=md"), Get($"/v1/evaluations/{missing}/report?format=md")),
            (Get($"/v1/evaluations/{evaluation.Id}/adversarial"), Get($"/v1/evaluations/{missing}/adversarial")),
            (Get($"/v1/evaluations/{evaluation.Id}/adversarial/fgsm-dgba-eps4.png"), Get($"/v1/evaluations/{missing}/adversarial/fgsm-dgba-eps4.png")),
            (Get($"/v1/reports/compare?ids={evaluation.Id}"), Get($"/v1/reports/compare?ids={missing}")),
            (new HttpRequestMessage(HttpMethod.Delete, $"/v1/evaluations/{evaluation.Id}"), new HttpRequestMessage(HttpMethod.Delete, $"/v1/evaluations/{missing}")),
            (new HttpRequestMessage(HttpMethod.Delete, $"/v1/evaluations/{evaluation.Id}?purge=true"), new HttpRequestMessage(HttpMethod.Delete, $"/v1/evaluations/{missing}?purge=true")),
            (Post(new { modelId = "secret", dataset = ApiService.Dataset }), Post(new { modelId = "no-such-model", dataset = ApiService.Dataset })),
        })
        {
            var (foreignStatus, foreignTitle, foreignDetail) = await Problems.ReadAsync(await beta.SendAsync(foreign));
            var (absentStatus, absentTitle, absentDetail) = await Problems.ReadAsync(await beta.SendAsync(absent));
            Assert.Equal(404, foreignStatus);
            Assert.Equal(absentStatus, foreignStatus);
            Assert.Equal(absentTitle, foreignTitle);
            // The same words, only the id differs: nothing tells the caller the object exists elsewhere.
            Assert.Equal(Anonymous(absentDetail), Anonymous(foreignDetail));
        }
        Assert.DoesNotContain(await service.Sdk(service.BetaKey).ListModelsAsync(), m => m.Id == "secret");
        Assert.DoesNotContain(await service.Sdk(service.BetaKey).ListEvaluationsAsync(), e => e.Id == evaluation.Id);
        // And the owner still sees all of it: beta's DELETEs, purging ones included, removed nothing.
        Assert.Contains(await alpha.ListModelsAsync(), m => m.Id == "secret");
        Assert.Equal(EvaluationStates.Completed, (await alpha.GetEvaluationAsync(evaluation.Id)).State);
        Assert.NotEmpty(await alpha.GetReportAsync(evaluation.Id));
    }

    [Theory]
    [InlineData(null, "X-Api-Key header")]
    [InlineData("mtl_not-a-key-anyone-was-given", "not known")]
    public async Task MissingOrUnknownKeysAnswer401OnEveryGuardedEndpoint(string? key, string detail)
    {
        using var http = service.Http(key);
        foreach (var request in new[]
        {
            Get("/v1/models"), Get("/v1/models/x"), Get("/v1/evaluations"), Get("/v1/evaluations/x"), Get("/v1/evaluations/x/report"),
            Get("/v1/evaluations/x/adversarial"), Get("/v1/evaluations/x/adversarial/x.png"),
            Get("/v1/reports/compare?ids=x"), new HttpRequestMessage(HttpMethod.Delete, "/v1/evaluations/x"),
            new HttpRequestMessage(HttpMethod.Delete, "/v1/evaluations/x?purge=true"),
            new HttpRequestMessage(HttpMethod.Delete, "/v1/models/x"), Post(new { modelId = "x", dataset = "synthetic" }),
            new HttpRequestMessage(HttpMethod.Post, "/v1/models") { Content = Uploads.Form(Uploads.Spec(service.Checkpoint), Uploads.Weights(service.Checkpoint)) },
        })
            await Problems.ExpectAsync(await http.SendAsync(request), HttpStatusCode.Unauthorized, detail);
    }

    [Fact]
    public async Task ANewlyIssuedKeyWorksAtOnceForItsTenant()
    {
        string key = await service.Tenants.AddKeyAsync("beta");
        Assert.NotEqual(service.BetaKey, key);
        using var http = service.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyIsRefused()
    {
        string key = await service.Tenants.AddKeyAsync("beta");
        Assert.Equal("beta", await service.Tenants.RevokeKeyAsync(Api.Tenancy.ApiKey.Hash(key)));
        using var http = service.Http(key);
        await Problems.ExpectAsync(await http.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, "not known");
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(object body) => new(HttpMethod.Post, "/v1/evaluations") { Content = JsonContent.Create(body) };

    private static string Anonymous(string detail) =>
        System.Text.RegularExpressions.Regex.Replace(detail, @"'[^']*'|alpha\.[0-9a-f]{32}|\b(secret|no-such-model)\b", "ID");
}
