using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Evaluations;
using MtlAttack.Grains.Storage;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MtlAttack.Grains.Tests;

/// <summary>One silo whose grain storage records every write, so tests can see what each finished batch costs.</summary>
public sealed class RecordingStorageCluster : ServiceCluster
{
    public override int SiloCount => 1;

    protected override bool AllowCpuFallback => true;

    protected override void AddStorage(ISiloBuilder silo, string database) =>
        silo.Services.AddGrainStorage(GrainStorage.Name, (services, _) =>
        {
            var serializer = services.GetRequiredService<Serializer>();
            return new RecordingGrainStorage(new SqliteGrainStorage(database, serializer), serializer);
        });

    public RecordingGrainStorage Storage =>
        (RecordingGrainStorage)((InProcessSiloHandle)Cluster.Silos.Single()).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
}

public class BatchPersistenceTests(RecordingStorageCluster service) : IClassFixture<RecordingStorageCluster>
{
    private const string HeadStateName = "evaluation";

    [Fact]
    public async Task EachFinishedBatchCostsOneWriteWhoseSizeDoesNotGrowWithTheBatchesBeforeIt()
    {
        var (id, status, _) = await Evaluate("cost");

        var writes = service.Storage.Writes.Where(w => w.Grain.ToString().Contains(id, StringComparison.Ordinal)).ToList();
        var batchWrites = writes.Where(w => w.StateName == EvaluationBatchLog.StateName).ToList();
        var headWrites = writes.Where(w => w.StateName == HeadStateName).ToList();
        Assert.Equal(20, status.BatchesTotal);
        Assert.Equal(status.BatchesTotal, batchWrites.Count);
        // The head is written when the evaluation starts and when it completes, never per batch.
        Assert.Equal(2, headWrites.Count);
        // Every batch record holds one batch: the last of a kind costs what the first did, up to the few bytes that name a
        // batch's cell; a record of all batches so far would grow by a whole batch each time. The two kinds differ: a clean
        // batch also carries the noise baselines at every epsilon, an attack batch its trace.
        var records = await new EvaluationBatchLog(service.Storage.Inner, id).ReadNew();
        bool IsClean(StorageWrite w) => records[int.Parse(w.Grain.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)].Item.Cell is null;
        var kinds = batchWrites.GroupBy(IsClean).ToList();
        Assert.Equal(2, kinds.Count);
        foreach (var kind in kinds)
        {
            int first = kind.First().Bytes;
            Assert.All(kind, w => Assert.InRange(w.Bytes, first - 64, first + 64));
            Assert.True(first > 1000, $"a batch's statistics are kilobytes, not {first} bytes: the test must see them");
        }
    }

    [Fact]
    public async Task ABatchRecordedTwiceIsCountedOnceAndAMissingOneIsRunAgainAfterReactivation()
    {
        var (id, status, report) = await Evaluate("replay");
        var storage = service.Storage.Inner;
        var original = new EvaluationBatchLog(storage, id);
        var batches = await original.ReadNew();
        Assert.Equal(status.BatchesTotal, batches.Count);

        // A copy of the evaluation as a crash could leave it: still running, batch 1 logged twice (say a write that
        // landed although its caller saw it fail), the last batch never logged.
        string copy = $"replay.{Guid.NewGuid():N}";
        var head = new GrainState<EvaluationGrainState>(new EvaluationGrainState());
        await storage.ReadStateAsync(HeadStateName, service.Client.GetGrain<IEvaluationGrain>(id).GetGrainId(), head);
        var running = head.State!;
        running.State = EvaluationState.Running;
        running.ReportJson = null;
        await storage.WriteStateAsync(HeadStateName, service.Client.GetGrain<IEvaluationGrain>(copy).GetGrainId(),
            new GrainState<EvaluationGrainState>(running));
        var log = new EvaluationBatchLog(storage, copy);
        foreach (var batch in batches.Take(2).Append(batches[1]).Concat(batches.Skip(2).SkipLast(1)))
            Assert.Empty(await log.Append(batch));

        var evaluation = service.Client.GetGrain<IEvaluationGrain>(copy);
        var resumed = await evaluation.GetStatus();
        Assert.Equal(status.BatchesTotal - 1, resumed.BatchesDone);
        resumed = await WaitFinished(evaluation);
        Assert.Equal(EvaluationState.Completed, resumed.State);
        Assert.Equal(status.BatchesTotal, resumed.BatchesDone);
        // The numbers are the original's: the duplicate added nothing, the missing batch was run once.
        Assert.Equal(report, await evaluation.GetReportJson());
    }

    /// <summary>A small evaluation run to the end: fgsm on the total loss at four epsilons, one image per batch (20 batches).</summary>
    private async Task<(string Id, EvaluationStatus Status, string Report)> Evaluate(string tenantName)
    {
        var tenant = service.Client.GetGrain<ITenantGrain>(tenantName);
        await tenant.RegisterModel("m", service.Checkpoint);
        var request = service.Request(ModelKey.Create(tenantName, "m"), r =>
        {
            r.Algorithms = ["fgsm"];
            r.Objectives = ["total"];
            r.Epsilons = [1, 2, 4, 8];
        }) with { BatchSize = 1 };
        string id = await tenant.StartEvaluation(request);
        var status = await WaitFinished(service.Client.GetGrain<IEvaluationGrain>(id));
        Assert.Equal(EvaluationState.Completed, status.State);
        return (id, status, (await service.Client.GetGrain<IEvaluationGrain>(id).GetReportJson())!);
    }

    private static async Task<EvaluationStatus> WaitFinished(IEvaluationGrain evaluation)
    {
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        return status;
    }
}
