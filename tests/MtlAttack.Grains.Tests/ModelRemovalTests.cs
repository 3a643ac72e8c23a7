using MtlAttack.Grains.Evaluations;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Hosting;
using Orleans.TestingHost;

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
        string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("busy-remover", "m"), r => r.Epsilons = [1, 2, 4, 8, 16, 32]) with { Steps = 20 });

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

[Collection(ServiceClusterCollection.Name)]
public class ShardReleaseTests(ServiceCluster service)
{
    [Fact]
    public async Task AnEndedEvaluationsShardsLetGoOfTheNetworkAtOnce()
    {
        // A checkpoint of its own, so that only this test's grains hold leases on it.
        string checkpoint = TinyModels.Save(Path.Combine(service.Folder, "released"));
        var tenant = service.Client.GetGrain<ITenantGrain>("releaser");
        await tenant.RegisterModel("m", checkpoint);
        var host = ((InProcessSiloHandle)service.CudaSilo).SiloHost.Services.GetRequiredService<ModelHost>();
        Assert.Equal(1, host.ReferenceCount(checkpoint)); // the model grain's

        foreach (bool cancel in new[] { false, true })
        {
            string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("releaser", "m"), r => r.Epsilons = cancel ? [1, 2, 4, 8, 16] : [4]));
            var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
            if (cancel)
            {
                while ((await evaluation.GetStatus()).BatchesDone < 2) await Task.Delay(10);
                Assert.True(host.ReferenceCount(checkpoint) > 1, "the shards hold leases while they work");
                await evaluation.Cancel();
            }
            while (!(await evaluation.GetStatus()).IsFinished) await Task.Delay(20);

            // Not when the idle shards are collected (minutes later): as soon as their last call returns.
            for (var deadline = DateTime.UtcNow.AddSeconds(30); host.ReferenceCount(checkpoint) > 1 && DateTime.UtcNow < deadline; await Task.Delay(20)) { }
            Assert.Equal(1, host.ReferenceCount(checkpoint));
        }
    }
}

[Collection(ServiceClusterCollection.Name)]
public class EvaluationForgettingTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    [Fact]
    public async Task AnEndedEvaluationIsForgottenWithItsStoredStateAndGivesBackItsFolder()
    {
        var tenant = client.GetGrain<ITenantGrain>("forgetful");
        await tenant.RegisterModel("m", service.Checkpoint);
        string folder = Path.Combine(service.Folder, "forgotten");
        string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("forgetful", "m"), r => r.ReportDirectory = folder));
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.BatchesTotal > 0);
        var storage = ((InProcessSiloHandle)service.Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        Assert.True(await RecordExists(storage, id, 0));

        Assert.Equal(folder, await tenant.ForgetEvaluation(id));

        Assert.DoesNotContain(id, await tenant.Evaluations());
        // Every batch record and the head are gone from storage, not just from this activation.
        for (int k = 0; k < status.BatchesTotal; k++) Assert.False(await RecordExists(storage, id, k));
        var gone = await evaluation.GetStatus();
        Assert.Equal(EvaluationState.Unknown, gone.State);
        Assert.Null(await evaluation.GetReportJson());
        var again = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.ForgetEvaluation(id));
        Assert.Equal(MtlAttackErrorKind.NotFound, again.Kind);
        // The files are the caller's to delete.
        Assert.True(File.Exists(Path.Combine(folder, "report.json")));
    }

    [Fact]
    public async Task ARunningEvaluationMustBeCancelledFirstAndOthersCannotForgetIt()
    {
        var tenant = client.GetGrain<ITenantGrain>("hasty");
        await tenant.RegisterModel("m", service.Checkpoint);
        string id = await tenant.StartEvaluation(service.Request(ModelKey.Create("hasty", "m"), r => r.Epsilons = [1, 2, 4, 8, 16, 32]) with { Steps = 20 });

        var running = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.ForgetEvaluation(id));
        Assert.Equal(MtlAttackErrorKind.Conflict, running.Kind);
        Assert.Contains("cancel it first", running.Message);
        var foreign = await Assert.ThrowsAsync<MtlAttackException>(() => client.GetGrain<ITenantGrain>("stranger").ForgetEvaluation(id));
        Assert.Equal(MtlAttackErrorKind.NotFound, foreign.Kind);
        Assert.Contains(id, await tenant.Evaluations());

        await client.GetGrain<IEvaluationGrain>(id).Cancel();
        Assert.Null(await tenant.ForgetEvaluation(id));
        Assert.DoesNotContain(id, await tenant.Evaluations());
    }

    private static async Task<bool> RecordExists(IGrainStorage storage, string evaluation, int sequence)
    {
        var record = new GrainState<EvaluationBatchRecord>(new EvaluationBatchRecord());
        await storage.ReadStateAsync(EvaluationBatchLog.StateName, EvaluationBatchLog.RecordId(evaluation, sequence), record);
        return record.RecordExists;
    }
}
