using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;

namespace MtlAttack.Grains.Tests;

[Collection(ServiceClusterCollection.Name)]
public class AdversarialExportTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    [Fact]
    public async Task AnEvaluationSavesTheSameAdversarialExamplesAsCoreBeforeItCompletes()
    {
        var tenant = client.GetGrain<ITenantGrain>("looker");
        await tenant.RegisterModel("m", service.Checkpoint);
        string reportDirectory = Path.Combine(service.Folder, "report-looker");
        var request = service.Request(ModelKey.Create("looker", "m"), r => { r.ReportDirectory = reportDirectory; r.Algorithms = ["fgsm", "pgd"]; r.Objectives = ["total", "dgba"]; })
            with { SaveAdversarial = 3 };
        string id = await tenant.StartEvaluation(request);
        var evaluation = client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);

        Assert.Equal(EvaluationState.Completed, status.State);
        // The report's numbers do not change because examples were saved.
        Assert.Equal(CoreReference.ReportJson(request, service.Checkpoint), await evaluation.GetReportJson());
        using var model = ModelFolder.Load(service.Checkpoint, TorchSharp.torch.CPU);
        var (evaluator, dataset) = CoreReference.Evaluator(request, model);
        Assert.Equal(4, evaluator.Cells.Count);
        string expected = Path.Combine(service.Folder, "reference-looker");
        AdversarialExport.Export(evaluator, dataset, expected, 3,
            AdversarialExport.Provenance("looker/m", ModelContentHash.Of(model), request.Dataset, evaluator.Settings));
        foreach (var cell in evaluator.Cells)
        {
            // Recomputed beside the model with the cell's per-batch seeds: byte for byte what Core makes.
            Assert.Equal(File.ReadAllBytes(AdversarialExport.TensorsPath(expected, cell)), File.ReadAllBytes(AdversarialExport.TensorsPath(reportDirectory, cell)));
            Assert.Equal(File.ReadAllBytes(AdversarialExport.StripPath(expected, cell)), File.ReadAllBytes(AdversarialExport.StripPath(reportDirectory, cell)));
        }
        Assert.Equal(2 * evaluator.Cells.Count, Directory.GetFiles(Path.Combine(reportDirectory, AdversarialExport.DirectoryName)).Length);
    }

    [Fact]
    public async Task ExamplesNeedADirectoryAndAModestCount()
    {
        var tenant = client.GetGrain<ITenantGrain>("greedy");
        await tenant.RegisterModel("m", service.Checkpoint);
        var key = ModelKey.Create("greedy", "m");
        var nowhere = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(service.Request(key) with { SaveAdversarial = 2 }));
        Assert.Equal(MtlAttackErrorKind.InvalidRequest, nowhere.Kind);
        Assert.Contains("needs a report directory", nowhere.Message);
        foreach (int count in new[] { -1, EvaluationRequest.MaxSaveAdversarial + 1 })
        {
            var refused = await Assert.ThrowsAsync<MtlAttackException>(() =>
                tenant.StartEvaluation(service.Request(key, r => r.ReportDirectory = Path.Combine(service.Folder, "greedy")) with { SaveAdversarial = count }));
            Assert.Equal(MtlAttackErrorKind.InvalidRequest, refused.Kind);
            Assert.Contains($"saveAdversarial is {count}", refused.Message);
        }
        Assert.Empty(await tenant.Evaluations());
    }
}
