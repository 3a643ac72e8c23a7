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
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), await evaluation.GetReportJson());
    }
}

/// <summary>A GPU cluster without the CPU fallback; the silo started fourth (the replacement) is labelled cuda too.</summary>
public sealed class GpuOnlyCluster : ServiceCluster
{
    public const string ReplacementSuffix = "_3";

    protected override bool IsCudaSilo(string siloName) =>
        base.IsCudaSilo(siloName) || siloName.EndsWith(ReplacementSuffix, StringComparison.Ordinal);
}

public class GpuReplacementTests(GpuOnlyCluster service) : IClassFixture<GpuOnlyCluster>
{
    [Fact]
    public async Task AnEvaluationWaitsWhileNoCudaSiloIsUpAndFinishesOnTheReplacement()
    {
        var client = service.Client;
        var tenant = client.GetGrain<ITenantGrain>("gpu-only");
        await tenant.RegisterModel("m", service.Checkpoint);
        var cuda = service.CudaSilo;
        var request = service.Request(ModelKey.Create("gpu-only", "m"), r => r.Epsilons = [1, 2, 4, 8]) with { Steps = 10 };
        string id = await tenant.StartEvaluation(request);
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        while ((await evaluation.GetStatus()).BatchesDone < 2) await Task.Delay(10);
        await service.Cluster.KillSiloAsync((Orleans.TestingHost.InProcessSiloHandle)cuda);

        // No silo may run a cuda model now (the CPU silos refuse it): the evaluation waits, running, and makes no
        // progress, because no batch goes to a CPU silo behind the placement rule's back.
        // How soon the cluster declares the silo dead depends on the machine's load: wait for the evaluation to say so.
        var waiting = await StatusAsync(evaluation);
        for (var deadline = DateTime.UtcNow.AddMinutes(1); waiting.Waiting is null && DateTime.UtcNow < deadline; await Task.Delay(100))
            waiting = await StatusAsync(evaluation);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stillWaiting = await StatusAsync(evaluation);
        Assert.Equal(EvaluationState.Running, stillWaiting.State);
        Assert.Equal(waiting.BatchesDone, stillWaiting.BatchesDone);
        Assert.Contains("No silo in the cluster has a cuda accelerator", stillWaiting.Waiting);
        Assert.True(stillWaiting.BatchesDone < stillWaiting.BatchesTotal);

        var replacement = await service.Cluster.StartAdditionalSiloAsync();
        Assert.EndsWith(GpuOnlyCluster.ReplacementSuffix, replacement.Name);
        EvaluationStatus status = stillWaiting;
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline && !status.IsFinished; await Task.Delay(100))
            status = await StatusAsync(evaluation);
        Assert.Equal(EvaluationState.Completed, status.State);
        Assert.Null(status.Waiting);
        Assert.Equal(status.BatchesTotal, status.BatchesDone);
        Assert.Equal(replacement.SiloAddress.ToParsableString(), (await client.GetGrain<IModelGrain>("gpu-only/m").Describe()).Silo);
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), await evaluation.GetReportJson());
    }

    // Polling also wakes the evaluation if it lived on the dead silo; calls racing the membership change may fail once.
    private static async Task<EvaluationStatus> StatusAsync(IEvaluationGrain evaluation)
    {
        for (int attempt = 0; ; attempt++)
        {
            try { return await evaluation.GetStatus(); }
            catch (Exception e) when (e is not MtlAttackException && attempt < 50) { await Task.Delay(100); }
        }
    }
}
