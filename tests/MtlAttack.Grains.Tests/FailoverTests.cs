namespace MtlAttack.Grains.Tests;

/// <summary>A cluster where a cuda model may fall back to CPU silos: the GPU silo can die and the work go on.</summary>
public sealed class FailoverCluster : ServiceCluster
{
    protected override bool AllowCpuFallback => true;
}

public class FailoverTests(FailoverCluster service) : IClassFixture<FailoverCluster>
{
    [Fact]
    public async Task KillingTheModelsSiloMidEvaluationStillEndsWithACompleteReportCountingEveryBatchOnce()
    {
        var client = service.Client;
        var tenant = client.GetGrain<ITenantGrain>("failover");
        var model = await tenant.RegisterModel("m", service.Checkpoint);
        var cuda = service.CudaSilo;
        Assert.Equal(cuda.SiloAddress.ToParsableString(), model.Silo);

        var request = service.Request(ModelKey.Create("failover", "m"), r => r.Epsilons = [1, 2, 4, 8]) with { Steps = 10 };
        string id = await tenant.StartEvaluation(request);
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while ((status = await evaluation.GetStatus()).BatchesDone < 4) await Task.Delay(10);
        Assert.True(status.BatchesDone < status.BatchesTotal, "the silo must die part-way through");
        await service.Cluster.KillSiloAsync((Orleans.TestingHost.InProcessSiloHandle)cuda);

        // Polling also wakes the evaluation if it lived on the dead silo (the reminder would, a minute later).
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try { status = await evaluation.GetStatus(); }
            catch (Exception e) when (e is not MtlAttackException) { continue; }
            if (status.IsFinished) break;
        }
        Assert.Equal(EvaluationState.Completed, status.State);
        Assert.Equal(status.BatchesTotal, status.BatchesDone);
        Assert.NotEqual(cuda.SiloAddress.ToParsableString(), (await client.GetGrain<IModelGrain>("failover/m").Describe()).Silo);
        // Every batch counted once: the merged numbers are exactly Core's.
        Assert.Equal(ServiceTests.ReferenceReportJson(request, service.Checkpoint), await evaluation.GetReportJson());
    }
}
