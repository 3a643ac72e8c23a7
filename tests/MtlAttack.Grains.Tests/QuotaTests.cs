using MtlAttack.Grains.Tenants;

namespace MtlAttack.Grains.Tests;

/// <summary>A cluster whose tenants may run two evaluations at once, queue 500 batches and keep three models.</summary>
public sealed class SmallQuotaCluster : ServiceCluster
{
    public override int SiloCount => 1;

    protected override bool AllowCpuFallback => true;

    // The long-running evaluation plans 242 batches (120 cells and the clean baseline, 2 batches each); 500 holds two of them.
    protected override TenantQuotas? Quotas => new() { MaxRunningEvaluations = 2, MaxModels = 3, MaxQueuedBatches = 500 };
}

public class QuotaTests(SmallQuotaCluster service) : IClassFixture<SmallQuotaCluster>
{
    [Fact]
    public async Task ATenantRunsAtMostItsQuotaOfEvaluationsAndOthersAreNotAffected()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("busy");
        await tenant.RegisterModel("m", service.Checkpoint);
        // Long enough to still be running when the third is asked for.
        EvaluationRequest Long() => service.LongRunning(ModelKey.Create("busy", "m"));
        string first = await tenant.StartEvaluation(Long());
        string second = await tenant.StartEvaluation(Long());

        var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(Long()));
        Assert.Equal(MtlAttackErrorKind.QuotaExceeded, refused.Kind);
        Assert.Contains("2 evaluations running", refused.Message);

        // Another tenant has its own quota.
        var other = service.Client.GetGrain<ITenantGrain>("calm");
        await other.RegisterModel("m", service.Checkpoint);
        string others = await other.StartEvaluation(service.Request(ModelKey.Create("calm", "m")));
        await service.Client.GetGrain<IEvaluationGrain>(others).Cancel();

        // An evaluation that ends frees its place.
        await service.Client.GetGrain<IEvaluationGrain>(first).Cancel();
        string third = await tenant.StartEvaluation(Long());
        Assert.Equal(3, (await tenant.Evaluations()).Count);
        foreach (var id in new[] { second, third }) await service.Client.GetGrain<IEvaluationGrain>(id).Cancel();
    }

    [Fact]
    public async Task ATenantKeepsAtMostItsQuotaOfModelsButMayReplaceOne()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("collector");
        foreach (var name in new[] { "a", "b", "c" }) await tenant.RegisterModel(name, service.Checkpoint);
        var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.RegisterModel("d", service.Checkpoint));
        Assert.Equal(MtlAttackErrorKind.QuotaExceeded, refused.Kind);
        Assert.Equal(["a", "b", "c"], await tenant.Models());
        // Replacing a model it has is not a new one.
        await tenant.RegisterModel("b", service.Checkpoint);
        // Removing one makes room.
        await tenant.RemoveModel("a");
        await tenant.RegisterModel("d", service.Checkpoint);
        Assert.Equal(["b", "c", "d"], await tenant.Models());
    }

    [Fact]
    public async Task AnEvaluationOverTheTenantsBatchBudgetIsRefusedAndNothingIsKept()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("hoarder");
        await tenant.RegisterModel("m", service.Checkpoint);
        var key = ModelKey.Create("hoarder", "m");
        // pgd x (3 single tasks + dgba) x 64 epsilons = 256 cells, and the clean baseline, of 2 batches each: 514 > 500.
        var big = service.Request(key, r => { r.Algorithms = ["pgd"]; r.Epsilons = [.. Enumerable.Range(1, 64).Select(i => i * 0.25)]; });
        var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(big));
        Assert.Equal(MtlAttackErrorKind.QuotaExceeded, refused.Kind);
        Assert.Contains("has 0 batches queued in its running evaluations; this evaluation would add 514, over its budget of 500 (Quotas:MaxQueuedBatches)", refused.Message);
        Assert.Empty(await tenant.Evaluations());

        string small = await tenant.StartEvaluation(service.Request(key));
        Assert.Equal(18, (await service.Client.GetGrain<IEvaluationGrain>(small).GetStatus()).BatchesTotal);
        await service.Client.GetGrain<IEvaluationGrain>(small).Cancel();
    }
}
