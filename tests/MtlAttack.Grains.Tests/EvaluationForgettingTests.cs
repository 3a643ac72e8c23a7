using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Evaluations;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MtlAttack.Grains.Tests;

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
        string id = await tenant.StartEvaluation(service.LongRunning(ModelKey.Create("hasty", "m")));

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
