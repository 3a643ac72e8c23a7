using System.Text.Json;

namespace MtlAttack.Grains.Tests;

/// <summary>Restarts, an ensemble cell, the noise baselines and the diagnostics through the cluster: the same report as Core's.</summary>
[Collection(ServiceClusterCollection.Name)]
public class TrustServiceTests(ServiceCluster service)
{
    [Fact]
    public async Task AnEnsembleWithRestartsGivesCoresReportWithNoiseAndDiagnostics()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("trust");
        await tenant.RegisterModel("m", service.Checkpoint);
        var request = service.Request(ModelKey.Create("trust", "m"), r =>
        {
            r.Algorithms = ["pgd", "ensemble(fgsm,pgd)"];
            r.Objectives = ["total"];
            r.Epsilons = [2, 4];
        }) with { Restarts = 2, RandomStart = true };
        string id = await tenant.StartEvaluation(request);
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.State == EvaluationState.Completed, status.Error);
        // The noise baselines ride with the clean batches: 2 x 2 attack cells and the clean baseline, 2 batches each.
        Assert.Equal((2 * 2 + 1) * 2, status.BatchesTotal);

        string json = (await evaluation.GetReportJson())!;
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), json);
        using var report = JsonDocument.Parse(json);
        Assert.Equal(["ensemble(fgsm,pgd)", "ensemble(fgsm,pgd)", "pgd", "pgd"],
            report.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("algorithm").GetString()).Order());
        Assert.Equal(2, report.RootElement.GetProperty("noise").GetArrayLength());
        var pgd = report.RootElement.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("algorithm").GetString() == "pgd");
        // 2 restarts of 2 steps, 4 samples: 8 traced runs of 3 iterates each.
        Assert.Equal(8, pgd.GetProperty("diagnostics").GetProperty("tracedRuns").GetInt64());
        Assert.Equal(3, pgd.GetProperty("diagnostics").GetProperty("lossTrajectories").GetProperty("normal").GetArrayLength());
    }

    [Fact]
    public async Task ATargetedCellsGoalsCrossTheWireAsCoreMeasuresThem()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("goals");
        await tenant.RegisterModel("m", service.Checkpoint);
        var request = service.Request(ModelKey.Create("goals", "m"), r =>
        {
            r.Algorithms = ["pgd"];
            r.Objectives = ["dgba+target(segment_semantic=class:1)"];
            r.Epsilons = [4];
        });
        string id = await tenant.StartEvaluation(request);
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.State == EvaluationState.Completed, status.Error);

        string json = (await evaluation.GetReportJson())!;
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), json);
        using var report = JsonDocument.Parse(json);
        var goal = Assert.Single(report.RootElement.GetProperty("cells").EnumerateArray()).GetProperty("goals").GetProperty("segment_semantic");
        Assert.True(double.IsFinite(goal.GetProperty("goalLoss").GetDouble()));
        Assert.InRange(goal.GetProperty("fractionAtGoal").GetDouble(), 0, 1);
        Assert.Contains("Targeted goals", (await evaluation.GetReport("md"))!);
    }
}
