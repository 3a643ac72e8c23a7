using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Tasks.Reference;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>
/// The protocol choice: ours is the default and leaves the report and the journal's fingerprint as they were; the reference
/// protocol scores with the reference's metrics, names its quirks in the report and writes the reference CSV.
/// </summary>
public class EvaluationProtocolTests : IDisposable
{
    private readonly EvaluationFixture fixture = new(count: 8);

    private static readonly EvaluationSettings Settings = new()
    {
        Algorithms = ["fgsm"],
        Objectives = ["single", "total", "dgba", "signsum"],
        Epsilons = [0, 4],
        Steps = 1,
        BatchSize = 2,
    };

    [Fact]
    public void OursAndNoProtocolGiveTheSameReportAndFingerprint()
    {
        string Report(EvaluationSettings settings) =>
            ReportWriter.ToJson(RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks,
                EvaluationRunner.Run(new RobustnessEvaluator(fixture.Target, fixture.Dataset, settings)), settings.Protocol));

        var explicitOurs = Settings with { Protocol = EvaluationProtocol.Ours };
        string json = Report(Settings);
        Assert.Equal(json, Report(explicitOurs));
        Assert.DoesNotContain("\"protocol\"", json);
        Assert.DoesNotContain("\"notes\"", json);
        Assert.Equal(EvaluationCheckpoint.Fingerprint("m", "d", Settings), EvaluationCheckpoint.Fingerprint("m", "d", explicitOurs));
        Assert.DoesNotContain("protocol", EvaluationCheckpoint.Fingerprint("m", "d", Settings));
        Assert.Contains("\"protocol\":\"reference\"", EvaluationCheckpoint.Fingerprint("m", "d", Settings with { Protocol = EvaluationProtocol.Reference }));
    }

    [Fact]
    public void ReferenceProtocolScoresTheReferenceWayAndWritesItsCsv()
    {
        var settings = Settings with { Protocol = EvaluationProtocol.Reference };
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, settings);
        Assert.All(evaluator.Target.Tasks, t => Assert.IsType<ReferenceTask>(t));
        var report = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, EvaluationRunner.Run(evaluator), settings.Protocol);

        Assert.Equal("reference", report.Protocol);
        Assert.Equal(ReferenceQuirks.For(report.TaskOrder), report.Notes);
        Assert.Equal(["mIoU", "Pixel Acc", ReferenceMetricNames.PooledLoss, ReferenceMetricNames.PerSampleLoss], report.Clean["segment_semantic"].Metrics.Keys);
        Assert.True(report.Clean["depth_zbuffer"].Metrics.ContainsKey(ReferenceMetricNames.Sigma1));

        var csv = ReferenceCsv.Files(report)[ReferenceCsv.FileName("fgsm")].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("version,epsilon,others,avg. acc.,avg loss,segm acc.,norm acc.,dept acc.,segm loss,norm loss,dept loss,mIoU,Pixel Acc,", csv[0]);
        // 3 single-task versions, total_loss, mtl and sign_sum, each at 2 epsilons; at epsilon 0 nothing changes.
        Assert.Equal(1 + 6 * 2, csv.Length);
        Assert.Equal(["ind_segm", "ind_segm", "ind_norm", "ind_norm", "ind_dept", "ind_dept", "total_loss", "total_loss", "mtl", "mtl", "sign_sum", "sign_sum"],
            csv.Skip(1).Select(line => line.Split(',')[0]));
        Assert.StartsWith("ind_segm,0.0,{},0.0,0.0,", csv[1]);
        Assert.StartsWith("ind_segm,4.0,{},", csv[2]);
    }

    [Fact]
    public void ReferenceProtocolRunsApgdByTheReferencesRulesAndDgbaAgainstTheDatasetMeanCleanLoss()
    {
        var apgd = Settings with { Algorithms = ["apgd", "pgd"], Objectives = ["dgba"], Epsilons = [4], Steps = 2 };
        var ours = new RobustnessEvaluator(fixture.Target, fixture.Dataset, apgd);
        var reference = new RobustnessEvaluator(fixture.Target, fixture.Dataset, apgd with { Protocol = EvaluationProtocol.Reference });
        var cell = reference.Cells.Single(c => c.Algorithm == "apgd");
        Assert.Equal(ApgdRules.Ours, Assert.IsType<Apgd>(ours.AttackFor(cell).Algorithm).Rules);
        Assert.Equal(ApgdRules.Reference, Assert.IsType<Apgd>(reference.AttackFor(cell).Algorithm).Rules);
        Assert.IsType<Pgd>(reference.AttackFor(reference.Cells.Single(c => c.Algorithm == "pgd")).Algorithm);

        // The dataset-mean clean loss is the clean baseline's reference loss (mean over batches of each batch's pooled loss).
        var result = EvaluationRunner.Run(reference);
        var report = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, result, EvaluationProtocol.Reference);
        var cleanLosses = reference.ReferenceCleanLosses();
        for (int t = 0; t < report.TaskOrder.Count; t++)
            Assert.Equal(report.Clean[report.TaskOrder[t]].Metrics[ReferenceMetricNames.PooledLoss], cleanLosses[t], 6);
    }

        [Fact]
    public void UnknownProtocolNamesTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationProtocols.Parse("paper"));
        Assert.Contains("'paper'", error.Message);
        Assert.Contains("ours or reference", error.Message);
        Assert.Equal(EvaluationProtocol.Reference, EvaluationProtocols.Parse(" Reference "));
        Assert.Equal(EvaluationProtocol.Ours, EvaluationProtocols.Parse(null));
    }

    public void Dispose() => fixture.Dispose();
}
