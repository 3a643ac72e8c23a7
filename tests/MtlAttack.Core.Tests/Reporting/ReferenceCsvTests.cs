using System.Text.Json;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Tasks.Reference;
using MtlAttack.Core.Tests.Tasks.Reference;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>
/// The reference CSV against the one make_reference.py wrote with the reference's compute_rel and save_csv from the same
/// fixed numbers (nyuv2.json, taskonomy.json): columns, order, version names, rounding, signs, number text and CRLF. The
/// fixtures also hold cells the reference has no version for (a shaped and a constrained objective): they are left out.
/// </summary>
public class ReferenceCsvTests
{
    [Theory]
    [InlineData("nyuv2")]
    [InlineData("taskonomy")]
    public void WritesTheReferencesCsvCharacterForCharacter(string convention)
    {
        var report = ReportFrom(convention);
        var files = ReferenceCsv.Files(report);
        Assert.Equal([ReferenceCsv.FileName("pgd")], files.Keys);
        Assert.Equal(File.ReadAllText(ReferenceFixtures.PathOf($"{convention}.csv")), files[ReferenceCsv.FileName("pgd")]);
    }

    [Fact]
    public void OursWritesNoReferenceCsv()
    {
        var report = ReportFrom("nyuv2") with { Protocol = null, Notes = null };
        Assert.Empty(ReferenceCsv.Files(report));
    }

    [Fact]
    public void ReportWriterPutsTheReferenceCsvBesideOursAndTheNotesInTheMarkdown()
    {
        var report = ReportFrom("nyuv2") with { Notes = ReferenceQuirks.For(["segment_semantic", "normal", "depth_zbuffer"]) };
        var directory = Directory.CreateTempSubdirectory("mtl-reference-csv-").FullName;
        try
        {
            ReportWriter.Write(directory, report);
            Assert.True(File.Exists(Path.Combine(directory, "report.csv")));
            Assert.Equal(File.ReadAllText(ReferenceFixtures.PathOf("nyuv2.csv")), File.ReadAllText(Path.Combine(directory, "reference-pgd.csv")));
            string markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
            Assert.Contains($"## {ReportWriter.ProtocolNotesHeading}", markdown);
            Assert.Contains("mIoU averages only the classes with at least one true positive", markdown);
            Assert.Contains("mIoU averages only the classes", File.ReadAllText(Path.Combine(directory, ReportWriter.HtmlFileName)));
            var reread = ReportWriter.FromJson(File.ReadAllText(Path.Combine(directory, "report.json")));
            Assert.Equal(EvaluationProtocol.Reference, reread.ProtocolKind);
            Assert.Equal(report.Notes, reread.Notes);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A reference-protocol report holding the fixture's numbers (metrics and the two reference losses per task).</summary>
    private static RobustnessReport ReportFrom(string convention)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferenceFixtures.PathOf($"{convention}.json")));
        var root = document.RootElement;
        var tasks = root.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!).ToList();
        Dictionary<string, double> Metrics(JsonElement task)
        {
            var metrics = task.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            metrics[ReferenceMetricNames.PooledLoss] = task.GetProperty("pooled_loss").GetDouble();
            metrics[ReferenceMetricNames.PerSampleLoss] = task.GetProperty("per_sample_loss").GetDouble();
            return metrics;
        }
        var clean = tasks.ToDictionary(t => t, t => new TaskMeasurement(double.NaN, Metrics(root.GetProperty("clean").GetProperty(t))));
        var cells = root.GetProperty("cells").EnumerateArray().Select(c => new CellReport(
            c.GetProperty("algorithm").GetString()!, c.GetProperty("objective").GetString()!, c.GetProperty("epsilon").GetDouble(),
            double.NaN, double.NaN,
            tasks.ToDictionary(t => t, t => new TaskEffect(double.NaN, double.NaN, double.NaN, Metrics(c.GetProperty("tasks").GetProperty(t)),
                new Dictionary<string, double>())))).ToList();
        return new RobustnessReport("model", "dataset", tasks, clean, cells, [], Protocol: "reference");
    }
}
