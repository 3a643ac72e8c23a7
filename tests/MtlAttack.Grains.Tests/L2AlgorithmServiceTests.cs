using System.Text.Json;

namespace MtlAttack.Grains.Tests;

/// <summary>The L2 algorithms reach the service through the same catalog: a request naming them runs and its report names the cells.</summary>
[Collection(ServiceClusterCollection.Name)]
public class L2AlgorithmServiceTests(ServiceCluster service)
{
    [Fact]
    public async Task AnEvaluationWithTheL2AlgorithmsCompletesAndItsReportNamesTheirCells()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("l2");
        await tenant.RegisterModel("m", service.Checkpoint);
        string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("l2", "m"), r =>
        {
            r.Algorithms = ["fgm", "pgd-l2", "apgd-l2"];
            r.Objectives = ["dgba"];
            r.Epsilons = [60];
        }));
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.State == EvaluationState.Completed, status.Error);

        using var report = JsonDocument.Parse((await evaluation.GetReportJson())!);
        var cells = report.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["apgd-l2", "fgm", "pgd-l2"], cells.Select(c => c.GetProperty("algorithm").GetString()).Order());
        Assert.All(cells, c => Assert.True(c.GetProperty("tasks").EnumerateObject().Sum(t => t.Value.GetProperty("relativeLossChange").GetDouble()) > 0));
    }
}
