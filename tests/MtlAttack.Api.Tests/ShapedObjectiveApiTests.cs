using System.Text;
using System.Text.Json;

namespace MtlAttack.Api.Tests;

/// <summary>Loss forms and targeted goals through the service: the names go in the objectives list, run, and come back as the report's cells.</summary>
[Collection(ApiCollection.Name)]
public class ShapedObjectiveApiTests(ApiService service)
{
    private const string Model = "forms";

    private Task<MtlAttackClient> SdkWithModelAsync() => service.SdkWithModelAsync(Model);

    [Fact]
    public async Task LossFormsAndTargetsRunAsTheirOwnCells()
    {
        var sdk = await SdkWithModelAsync();
        var started = await sdk.StartEvaluationAsync(new StartEvaluationRequest
        {
            ModelId = Model, Dataset = ApiService.Dataset, Algorithms = ["pgd"], Steps = 2, Epsilons = [4], BatchSize = 4, MaxSamples = 4, Seed = 3,
            Objectives = ["dgba[cospgd]", "total [segpgd]", "dgba-protect(normal)+target(segment_semantic=class:1)"],
        });
        var done = await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.True(done.State == EvaluationStates.Completed, done.Error);

        using var report = JsonDocument.Parse(await sdk.GetReportAsync(started.Id, ReportFormats.Json));
        var objectives = report.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("objective").GetString()).ToList();
        Assert.Equal(["dgba[cospgd]", "total[segpgd]", "dgba-protect(normal;budget=0.01)+target(segment_semantic=class:1)"], objectives);
    }

    [Theory]
    [InlineData("dgba[fastpgd]", "write [segpgd] or [cospgd]")]
    [InlineData("single(normal)[segpgd]", "normal predicts no classes")]
    [InlineData("dgba+target(segment_semantic=class:banana)", "needs a whole number")]
    [InlineData("dgba+target(keypoints2d=scale:2)", "keypoints2d")]
    [InlineData("dgba+target(segment_semantic=class:40)", "has classes 0..")]
    [InlineData("dgba-protect(normal)+target(normal=rotate:z:30)", "it protects it")]
    public async Task MalformedNamesAreProblemDetailsThatSayWhatToWrite(string objective, string detail)
    {
        await SdkWithModelAsync();
        using var http = service.Http(service.AlphaKey);
        string body = JsonSerializer.Serialize(new { modelId = Model, dataset = ApiService.Dataset, objectives = new[] { objective } });
        await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, detail);
    }
}
