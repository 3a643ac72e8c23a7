namespace MtlAttack.Grains.Tests;

[Collection(ServiceClusterCollection.Name)]
public class ModelRemovalTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    [Fact]
    public async Task ARemovedModelIsForgottenEverywhereAndItsNameIsFreeAgain()
    {
        var tenant = client.GetGrain<ITenantGrain>("remover");
        await tenant.RegisterModel("m", service.Checkpoint);
        string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("remover", "m"), r => r.Algorithms = ["fgsm"]));
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        while (!(await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        string report = (await evaluation.GetReportJson())!;

        var removed = await tenant.RemoveModel("m");

        Assert.Equal(ModelKey.Create("remover", "m"), removed.Key);
        Assert.Equal(service.Checkpoint, removed.CheckpointDirectory);
        Assert.Empty(await tenant.Models());
        Assert.Empty(await tenant.DescribeModels());
        var missing = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.DescribeModel("m"));
        Assert.Equal(MtlAttackErrorKind.NotFound, missing.Kind);
        // The model grain forgot its registration too (its stored state is gone, not just this activation's).
        var unregistered = await Assert.ThrowsAsync<MtlAttackException>(() => client.GetGrain<IModelGrain>("remover/m").Describe());
        Assert.Equal(MtlAttackErrorKind.NotFound, unregistered.Kind);
        var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(service.Request(ModelKey.Create("remover", "m"))));
        Assert.Equal(MtlAttackErrorKind.NotFound, refused.Kind);
        // Finished work keeps its report.
        Assert.Equal(report, await evaluation.GetReportJson());

        var again = await tenant.RegisterModel("m", service.Checkpoint);
        Assert.Equal(ModelKey.Create("remover", "m"), again.Registration.Key);
        Assert.Equal(["m"], await tenant.Models());
    }

    [Fact]
    public async Task AModelWithARunningEvaluationIsKeptUntilTheEvaluationEnds()
    {
        var tenant = client.GetGrain<ITenantGrain>("busy-remover");
        await tenant.RegisterModel("m", service.Checkpoint);
        await tenant.RegisterModel("other", service.Checkpoint);
        string id = await tenant.StartEvaluation(service.LongRunning(ModelKey.Create("busy-remover", "m")));

        var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.RemoveModel("m"));
        Assert.Equal(MtlAttackErrorKind.Conflict, refused.Kind);
        Assert.Contains(id, refused.Message);
        Assert.Contains("cancel", refused.Message);
        Assert.Equal(["m", "other"], await tenant.Models());
        // Another model of the tenant is not held up by it.
        await tenant.RemoveModel("other");

        await client.GetGrain<IEvaluationGrain>(id).Cancel();
        await tenant.RemoveModel("m");
        Assert.Empty(await tenant.Models());
    }

    [Fact]
    public async Task RemovingAModelTheTenantDoesNotHaveIsNotFound()
    {
        await client.GetGrain<ITenantGrain>("owner").RegisterModel("mine", service.Checkpoint);
        foreach (var (tenant, model) in new[] { ("owner", "nothing"), ("stranger", "mine") })
        {
            var error = await Assert.ThrowsAsync<MtlAttackException>(() => client.GetGrain<ITenantGrain>(tenant).RemoveModel(model));
            Assert.Equal(MtlAttackErrorKind.NotFound, error.Kind);
            Assert.Contains($"no model '{model}'", error.Message);
        }
        Assert.Equal(["mine"], await client.GetGrain<ITenantGrain>("owner").Models());
    }
}
