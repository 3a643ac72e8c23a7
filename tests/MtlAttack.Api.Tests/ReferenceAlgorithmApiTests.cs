using System.Text;
using System.Text.Json;

namespace MtlAttack.Api.Tests;

/// <summary>The reference code's algorithms through the API: saga and aar are accepted and run; a pair saga refuses is a 400 that says what it takes.</summary>
[Collection(ApiCollection.Name)]
public class ReferenceAlgorithmApiTests(ApiService service)
{
    private const string Model = "reference-algorithms";

    private Task<MtlAttackClient> SdkWithModelAsync() => service.SdkWithModelAsync(Model);

    [Fact]
    public async Task SagaAndAarRunAsTheirOwnCells()
    {
        var sdk = await SdkWithModelAsync();
        var started = await sdk.StartEvaluationAsync(new StartEvaluationRequest
        {
            ModelId = Model, Dataset = ApiService.Dataset, Algorithms = ["saga", "aar"], Objectives = ["dgba"], Steps = 2, Epsilons = [4],
            BatchSize = 4, MaxSamples = 4, Seed = 3,
        });
        var done = await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.True(done.State == EvaluationStates.Completed, done.Error);

        using var report = JsonDocument.Parse(await sdk.GetReportAsync(started.Id, ReportFormats.Json));
        var algorithms = report.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("algorithm").GetString()).ToList();
        Assert.Equal(["saga", "aar"], algorithms);
    }

    [Fact]
    public async Task APairSagaRefusesIsAProblemDetail()
    {
        await SdkWithModelAsync();
        using var http = service.Http(service.AlphaKey);
        string body = JsonSerializer.Serialize(new { modelId = Model, dataset = ApiService.Dataset, algorithms = new[] { "saga" }, objectives = new[] { "signsum" } });
        await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "takes single, single(TASK), total and dgba");
    }
}
