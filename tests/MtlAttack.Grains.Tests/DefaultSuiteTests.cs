using MtlAttack.Grains.Translation;

namespace MtlAttack.Grains.Tests;

/// <summary>A request that names no attack suite runs the default one: the cells and the report of the CLI's defaults.</summary>
[Collection(ServiceClusterCollection.Name)]
public class DefaultSuiteTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    [Fact]
    public async Task ARequestWithoutListsRunsTheDefaultSuiteAndGivesItsReport()
    {
        await client.GetGrain<ITenantGrain>("defaults").RegisterModel("m", service.Checkpoint);
        var key = ModelKey.Create("defaults", "m");
        var bare = new EvaluationRequest { Model = key, Dataset = TinyModels.Dataset, BatchSize = 2, MaxSamples = 2, Seed = 3 };
        // The suite as the CLI and the wire defaulted to before the catalog held it.
        var named = bare with
        {
            Algorithms = ["fgsm", "pgd"],
            Objectives = ["single", "total", "signsum", "dgba"],
            Epsilons = [1, 2, 4, 8, 16],
            Steps = 10,
        };
        var settings = EvaluationRequestMapping.Settings(bare);
        Assert.Equal(named.Algorithms, settings.Algorithms);
        Assert.Equal(named.Objectives, settings.Objectives);
        Assert.Equal(named.Epsilons, settings.Epsilons);
        Assert.Equal(named.Steps, settings.Steps);

        // Under the reference protocol the budgets left out are the reference study's sweep.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16], EvaluationRequestMapping.Settings(bare with { Protocol = "reference" }).Epsilons);
        Assert.Equal([2.0], EvaluationRequestMapping.Settings(bare with { Protocol = "reference", Epsilons = [2] }).Epsilons);

        var model = client.GetGrain<IModelGrain>(key.ToString());
        var plan = await model.Plan(bare);
        // fgsm and pgd x (3 single + total, signsum, dgba) x 5 epsilons.
        Assert.Equal(2 * 6 * 5, plan.Cells.Count);
        Assert.Equal((await model.Plan(named)).Cells, plan.Cells);

        string id = await client.GetGrain<ITenantGrain>("defaults").StartEvaluation(bare);
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        for (var deadline = DateTime.UtcNow.AddMinutes(5); !(status = await evaluation.GetStatus()).IsFinished; await Task.Delay(100))
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Evaluation {id} did not finish: {status}");
        Assert.Equal(EvaluationState.Completed, status.State);
        Assert.Equal(CoreReference.ReportJson(named, service.Checkpoint), await evaluation.GetReportJson());
    }
}
