using System.Text.Json.Nodes;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Grains.Tests;

/// <summary>
/// Dataset SPECs on a service with dataset roots: a path outside them is refused in words that do not tell whether it
/// exists; a relative path is found under them, and named in errors and the report as the caller wrote it.
/// </summary>
[Collection(ServiceClusterCollection.Name)]
public class DatasetRootsTests(ServiceCluster service)
{
    [Fact]
    public async Task OutsideTheRootsTheAnswerIsTheSameWhetherThePathExistsOrNot()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("probe");
        await tenant.RegisterModel("m", service.Checkpoint);
        var answers = new List<string>();
        foreach (var path in new[] { "/etc", "/dev/zero", "/etc/passwd", $"/nonexistent-{Guid.NewGuid():N}", "../../../../../../etc", "nyu/../../elsewhere" })
        {
            var error = await Assert.ThrowsAsync<MtlAttackException>(() =>
                tenant.StartEvaluation(service.Request(ModelKey.Create("probe", "m"), r => r.Dataset = $"nyuv2:{path}")));
            Assert.Equal(MtlAttackErrorKind.InvalidRequest, error.Kind);
            answers.Add(error.Message.Replace($"'{path}'", "'PATH'", StringComparison.Ordinal));
        }
        Assert.Single(answers.Distinct());
        Assert.Contains("is outside the folders this service reads datasets from", answers[0]);
        Assert.DoesNotContain(service.DatasetRoot, answers[0]);
        Assert.Empty(await tenant.Evaluations());
    }

    [Fact]
    public async Task ARelativePathIsFoundUnderTheRootsAndNamedAsGiven()
    {
        var dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = 10, Size = TinyModels.Size, Seed = 4 });
        DatasetWriter.Write(dataset, Path.Combine(service.DatasetRoot, "tiny-nyu"), DatasetFormat.NyuV2, overwrite: true);
        var tenant = service.Client.GetGrain<ITenantGrain>("relative");
        await tenant.RegisterModel("m", service.Checkpoint);
        var key = ModelKey.Create("relative", "m");

        // Missing under the roots: the reader's error, in the caller's words, not the server's folder.
        var missing = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(service.Request(key, r => r.Dataset = "nyuv2:not-there")));
        Assert.Contains("not-there", missing.Message);
        Assert.DoesNotContain(service.DatasetRoot, missing.Message);

        string given = $"nyuv2:tiny-nyu,size={TinyModels.Size}";
        string id = await tenant.StartEvaluation(service.Request(key, r => { r.Dataset = given; r.Algorithms = ["fgsm"]; r.Objectives = ["total"]; }));
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        Assert.True(status.State == EvaluationState.Completed, status.Error);
        var report = JsonNode.Parse((await evaluation.GetReportJson())!)!;
        Assert.Equal(given, (string?)report["dataset"]);
    }
}
