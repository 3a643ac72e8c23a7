namespace MtlAttack.Grains.Tests;

/// <summary>
/// The reference code's algorithms reach the service through the catalog like any other: an evaluation naming Auto-SAGA
/// (<c>saga</c>) and APGD with whole-batch restarts (<c>aar</c>) completes with Core's report, to the byte; and a pair
/// saga refuses is refused when the evaluation starts, with the refusal as the message.
/// </summary>
[Collection(ServiceClusterCollection.Name)]
public class ReferenceAlgorithmServiceTests(ServiceCluster service)
{
    [Fact]
    public async Task SagaAndAarThroughTheClusterGiveCoresReport()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("reference-algorithms");
        await tenant.RegisterModel("m", service.Checkpoint);
        var request = service.Request(ModelKey.Create("reference-algorithms", "m"), r =>
        {
            r.Algorithms = ["saga", "aar"];
            r.Objectives = ["single", "total", "dgba"];
            r.Epsilons = [4, 8];
        });
        string id = await tenant.StartEvaluation(request);
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.State == EvaluationState.Completed, status.Error);

        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), await evaluation.GetReportJson());
    }

    [Fact]
    public async Task ARefusedPairIsRefusedAtTheStart()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("reference-refusal");
        await tenant.RegisterModel("m", service.Checkpoint);
        var request = service.Request(ModelKey.Create("reference-refusal", "m"), r =>
        {
            r.Algorithms = ["saga"];
            r.Objectives = ["signsum"];
        });
        var error = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(request));
        Assert.Contains("saga cannot run 'signsum'", error.Message);
    }
}
