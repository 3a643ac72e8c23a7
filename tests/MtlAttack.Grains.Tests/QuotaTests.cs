using MtlAttack.Grains.Tenants;

namespace MtlAttack.Grains.Tests;

/// <summary>A cluster whose tenants may run two evaluations at once and keep three models.</summary>
public sealed class SmallQuotaCluster : ServiceCluster
{
    public override int SiloCount => 1;

    protected override bool AllowCpuFallback => true;

    protected override TenantQuotas? Quotas => new() { MaxRunningEvaluations = 2, MaxModels = 3 };
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
}
