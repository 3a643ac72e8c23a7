using System.Globalization;

namespace MtlAttack.Api.Tests;

/// <summary>
/// An evaluation too large for the service's limits is a 400 that names the limit and the value, answered before
/// anything is planned or persisted (the 100,000-epsilon request once became 1,800,001 stored batches).
/// </summary>
[Collection(ApiCollection.Name)]
public class RequestLimitTests(ApiService service)
{
    [Fact]
    public async Task AHundredThousandEpsilonsAreRefusedByTheirLimit()
    {
        var sdk = await AlphaWithModelAsync();
        int before = (await sdk.ListEvaluationsAsync()).Count;
        using var http = service.Http(service.AlphaKey);
        var request = new StartEvaluationRequest
        {
            ModelId = "limits",
            Dataset = ApiService.Dataset,
            Algorithms = ["fgsm", "pgd", "apgd"],
            Objectives = ["single", "total", "signsum", "dgba"],
            Epsilons = Enumerable.Range(0, 100_000).Select(i => i * 255.0 / 100_000).ToList(),
        };
        string detail = await Problems.ExpectAsync(await http.PostAsJsonAsync("/v1/evaluations", request), HttpStatusCode.BadRequest,
            "The evaluation lists 100,000 epsilons; the limit is 64 per evaluation (Limits:MaxEpsilons)");
        Assert.DoesNotContain("Parameter", detail);
        Assert.Equal(before, (await sdk.ListEvaluationsAsync()).Count);
    }

    [Fact]
    public async Task TenThousandDistinctConstrainedObjectivesAreRefusedByTheirLimit()
    {
        await AlphaWithModelAsync();
        using var http = service.Http(service.AlphaKey);
        var request = new StartEvaluationRequest
        {
            ModelId = "limits",
            Dataset = ApiService.Dataset,
            Objectives = Enumerable.Range(1, 10_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"dgba-floor({i / 10_000.0:R})")).ToList(),
        };
        await Problems.ExpectAsync(await http.PostAsJsonAsync("/v1/evaluations", request), HttpStatusCode.BadRequest,
            "The evaluation lists 10,000 objectives; the limit is 32 per evaluation (Limits:MaxObjectives)");
    }

    [Fact]
    public async Task TooManyBatchesAreRefusedOnceTheDatasetIsKnown()
    {
        await AlphaWithModelAsync();
        using var http = service.Http(service.AlphaKey);
        // 3 x (3 single tasks + 3) x 64 = 1,152 cells of 4,000 one-sample batches: millions, over 100,000.
        var request = new StartEvaluationRequest
        {
            ModelId = "limits",
            Dataset = "synthetic:count=20000,size=16,seed=4",
            Algorithms = ["fgsm", "pgd", "apgd"],
            Objectives = ["single", "total", "signsum", "dgba"],
            Epsilons = Enumerable.Range(1, 64).Select(i => i * 0.25).ToList(),
            BatchSize = 1,
        };
        await Problems.ExpectAsync(await http.PostAsJsonAsync("/v1/evaluations", request), HttpStatusCode.BadRequest,
            "batches (4,000 per cell x 1,152 cells and the clean baseline); the limit is 100,000 (Limits:MaxBatches)");
    }

    private async Task<MtlAttackClient> AlphaWithModelAsync()
    {
        var sdk = service.Sdk(service.AlphaKey);
        if ((await sdk.ListModelsAsync()).All(m => m.Id != "limits"))
        {
            try { await sdk.UploadModelAsync(service.Checkpoint, name: "limits"); }
            catch (MtlAttackApiException e) when (e.Status == HttpStatusCode.Conflict) { } // another test got there first
        }
        return sdk;
    }
}
