namespace MtlAttack.Grains.Tests;

[Collection(ServiceClusterCollection.Name)]
public class ServiceTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    private async Task<ModelKey> Register(string tenant, string model, string? checkpoint = null)
    {
        await client.GetGrain<ITenantGrain>(tenant).RegisterModel(model, checkpoint ?? service.Checkpoint);
        return ModelKey.Create(tenant, model);
    }

    private async Task<EvaluationStatus> WaitForEnd(string evaluation)
    {
        var grain = client.GetGrain<IEvaluationGrain>(evaluation);
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var status = await grain.GetStatus();
            if (status.IsFinished) return status;
        }
        throw new TimeoutException($"Evaluation {evaluation} did not finish: {await grain.GetStatus()}");
    }

    [Fact]
    public async Task ModelGrainsActivateOnlyOnTheCudaSilo()
    {
        string cuda = service.CudaSilo.SiloAddress.ToParsableString();
        for (int i = 0; i < 4; i++)
        {
            var description = await client.GetGrain<ITenantGrain>($"placement{i}").RegisterModel("m", service.Checkpoint);
            Assert.Equal(cuda, description.Silo);
            Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], description.Tasks);
        }
    }

    [Fact]
    public async Task AnEvaluationThroughTheClusterGivesCoresNumbersAndReportFiles()
    {
        var key = await Register("acme", "tiny");
        string reportDirectory = Path.Combine(service.Folder, "report-acme");
        var request = service.Request(key, r => r.ReportDirectory = reportDirectory);
        string id = await client.GetGrain<ITenantGrain>("acme").StartEvaluation(request);
        var status = await WaitForEnd(id);

        Assert.Equal(EvaluationState.Completed, status.State);
        string json = (await client.GetGrain<IEvaluationGrain>(id).GetReportJson())!;
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), json);
        Assert.Equal(json, File.ReadAllText(Path.Combine(reportDirectory, "report.json")));
        Assert.True(File.Exists(Path.Combine(reportDirectory, "report.csv")));
        Assert.True(File.Exists(Path.Combine(reportDirectory, "report.md")));
        // 3 single + dgba, for fgsm and pgd, at one epsilon, plus clean; 4 test scenes in batches of 2.
        Assert.Equal((2 * 4 + 1) * 2, status.BatchesTotal);
        Assert.Equal(status.BatchesTotal, status.BatchesDone);
        Assert.Contains(id, await client.GetGrain<ITenantGrain>("acme").Evaluations());

        // The attack shards ran beside the model: on the cuda silo.
        string modelSilo = (await client.GetGrain<IModelGrain>(key.ToString()).Describe()).Silo;
        Assert.Equal(service.CudaSilo.SiloAddress.ToParsableString(), modelSilo);
        for (int shard = 0; shard < 4; shard++)
            Assert.Equal(modelSilo, await client.GetGrain<IAttackGrain>($"{id}/{shard}").Silo());
    }

    [Fact]
    public async Task AReferenceProtocolEvaluationGivesCoresReportAndTheReferenceCsv()
    {
        var key = await Register("acme-reference", "tiny");
        string reportDirectory = Path.Combine(service.Folder, "report-acme-reference");
        var request = service.Request(key, r => { r.ReportDirectory = reportDirectory; r.Algorithms = ["fgsm"]; r.Objectives = ["single", "total"]; })
            with { Protocol = "reference" };
        string id = await client.GetGrain<ITenantGrain>("acme-reference").StartEvaluation(request);
        var status = await WaitForEnd(id);

        Assert.Equal(EvaluationState.Completed, status.State);
        string json = (await client.GetGrain<IEvaluationGrain>(id).GetReportJson())!;
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), json);
        Assert.Contains("\"protocol\": \"reference\"", json);
        var csv = File.ReadAllLines(Path.Combine(reportDirectory, "reference-fgsm.csv"));
        Assert.Equal(["ind_segm", "ind_norm", "ind_dept", "total_loss"], csv.Skip(1).Select(l => l.Split(',')[0]));
    }
}

[Collection(ServiceClusterCollection.Name)]
public class CancellationTests(ServiceCluster service)
{
    [Fact]
    public async Task ACancelledEvaluationStopsAndStaysCancelled()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("canceller");
        await tenant.RegisterModel("m", service.Checkpoint);
        string id = await tenant.StartEvaluation(service.LongRunning(ModelKey.Create("canceller", "m")));
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        var cancelled = await evaluation.Cancel();
        Assert.Equal(EvaluationState.Cancelled, cancelled.State);
        await Task.Delay(300);
        var later = await evaluation.GetStatus();
        Assert.Equal(EvaluationState.Cancelled, later.State);
        Assert.True(later.BatchesDone < later.BatchesTotal);
        Assert.Null(await evaluation.GetReportJson());
    }
}
