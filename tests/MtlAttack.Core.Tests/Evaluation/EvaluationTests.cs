using MtlAttack.Core.Evaluation;
using System.Text.Json;

namespace MtlAttack.Core.Tests.Evaluation;

public class EvaluationTests : IDisposable
{
    private readonly EvaluationFixture fixture = new();
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-eval-").FullName;

    /// <summary>2 algorithms x (3 single tasks + dgba) x 2 epsilons = 16 cells, 2 steps, batches of 2.</summary>
    internal static readonly EvaluationSettings Settings = new()
    {
        Algorithms = ["fgsm", "pgd"],
        Objectives = ["single", "dgba"],
        Epsilons = [0, 4],
        Steps = 2,
        BatchSize = 2,
    };

    [Fact]
    public void PlansSingleTaskCellsForEveryTask()
    {
        var cells = RobustnessEvaluator.PlanCells(fixture.Target, Settings);
        Assert.Equal(2 * (3 + 1) * 2, cells.Count);
        Assert.Contains(cells, c => c.Objective == "single(normal)" && c.Algorithm == "pgd" && c.Epsilon == 4);
        Assert.Equal(cells.Count, cells.Select(c => c.Key).Distinct().Count());
    }

    [Theory]
    [InlineData("single(normal)", "normal")]
    [InlineData("single(depth_zbuffer)", "depth_zbuffer")]
    [InlineData("single(depth_zbuffer)+target(depth_zbuffer=far)", null)]
    [InlineData("single", null)]
    [InlineData("dgba", null)]
    public void OnlyAPlainSingleTaskObjectiveNamesItsTask(string objective, string? task) =>
        Assert.Equal(task, new EvaluationCell("pgd", objective, 4).SingleTask);

    [Fact]
    public void MergedStatisticsAreTheSumOfTheBatches()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings);
        Assert.Equal(2, evaluator.BatchCount); // 4 test scenes, batches of 2
        var cell = evaluator.Cells.First(c => c.Objective == "dgba" && c.Epsilon == 4);

        var merged = new CellStatistics();
        var parts = Enumerable.Range(0, evaluator.BatchCount).Select(b => evaluator.EvaluateBatch(cell, b)).ToList();
        for (int b = 0; b < parts.Count; b++) Assert.True(merged.AddBatch(b, parts[b]));
        Assert.False(merged.AddBatch(1, parts[1]), "a batch must never be counted twice");

        foreach (var task in fixture.Dataset.Tasks)
        {
            var expected = new double[parts[0].Tasks[task.Name].MetricState.Length];
            foreach (var p in parts)
                for (int i = 0; i < expected.Length; i++) expected[i] += p.Tasks[task.Name].MetricState[i];
            Assert.Equal(expected, merged.Tasks[task.Name].MetricState);
            Assert.Equal(4, merged.Tasks[task.Name].Samples);
        }

        // Re-running a batch gives the same statistics: attacks are seeded per cell and batch.
        Assert.Equal(parts[1].Tasks["normal"].MetricState, evaluator.EvaluateBatch(cell, 1).Tasks["normal"].MetricState);
    }

    [Fact]
    public void ReportHasCleanCellsTransferAndZeroDropAtZeroEpsilon()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings);
        var result = EvaluationRunner.Run(evaluator);
        var report = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, result);

        Assert.Equal(evaluator.Cells.Count, report.Cells.Count);
        foreach (var cell in report.Cells.Where(c => c.Epsilon == 0))
        {
            Assert.Equal(0, cell.AvgRelativeDrop, 12);
            Assert.All(cell.Tasks.Values, t => Assert.Equal(0, t.RelativeLossChange, 12));
        }
        var dgba = report.Cells.Single(c => c.Algorithm == "pgd" && c.Objective == "dgba" && c.Epsilon == 4);
        Assert.True(dgba.AvgRelativeLossChange > 0, "an epsilon-4 DGBA attack should raise the average loss");

        // One transfer matrix per algorithm x epsilon, rows = attacked task, diagonal = direct effect.
        Assert.Equal(4, report.Transfer.Count);
        var matrix = report.Transfer.Single(m => m.Algorithm == "pgd" && m.Epsilon == 4);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], matrix.Tasks);
        var singleNormal = report.Cells.Single(c => c.Algorithm == "pgd" && c.Objective == "single(normal)" && c.Epsilon == 4);
        Assert.Equal(singleNormal.Tasks["depth_zbuffer"].RelativeDrop, matrix.RelativeDrop[1][2]);

        // The relative drop is minus the mean relative change of the task's metrics.
        var normal = dgba.Tasks["normal"];
        Assert.Equal(-normal.MetricRelativeChange.Values.Average(), normal.RelativeDrop, 12);
    }

    [Fact]
    public void ReportFilesHaveTheDocumentedShape()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings with { Algorithms = ["fgsm"] });
        var report = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, EvaluationRunner.Run(evaluator));
        ReportWriter.Write(directory, report);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "report.json")));
        var root = json.RootElement;
        Assert.Equal("tiny", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("clean").GetProperty("normal").GetProperty("metrics").TryGetProperty("angle_mean", out _));
        var cell = root.GetProperty("cells")[0];
        foreach (var field in new[] { "algorithm", "objective", "epsilon", "avgRelativeDrop", "tasks" })
            Assert.True(cell.TryGetProperty(field, out _), $"cell lacks '{field}'");
        var task = cell.GetProperty("tasks").GetProperty("depth_zbuffer");
        foreach (var field in new[] { "relativeDrop", "relativeLossChange", "metrics" })
            Assert.True(task.TryGetProperty(field, out _), $"task lacks '{field}'");
        Assert.Equal(JsonValueKind.Array, root.GetProperty("transfer").ValueKind);

        var csv = File.ReadAllLines(Path.Combine(directory, "report.csv"));
        Assert.StartsWith("version,epsilon,others,avg. acc.,avg loss,segment_semantic acc.,segment_semantic loss,normal acc.", csv[0]);
        Assert.Equal(1 + 1 + evaluator.Cells.Count, csv.Length);
        Assert.StartsWith("clean,0,", csv[1]);
        Assert.Contains("| fgsm x dgba |", File.ReadAllText(Path.Combine(directory, "report.md")));
        Assert.Equal(report.Cells.Count, ReportWriter.FromJson(File.ReadAllText(Path.Combine(directory, "report.json"))).Cells.Count);
    }

    [Fact]
    public void AStoppedRunResumesWithoutRecomputingFinishedBatches()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings);
        var checkpointPath = Path.Combine(directory, "progress.jsonl");
        var fingerprint = EvaluationCheckpoint.Fingerprint("tiny", fixture.Dataset.Description, Settings);

        // Stop after 5 batches.
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.BatchesDone == 5) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            EvaluationRunner.Run(evaluator, new EvaluationCheckpoint(checkpointPath, fingerprint), progress, stop.Token));

        int evaluatedOnResume = 0;
        var resumed = EvaluationRunner.Run(evaluator, new EvaluationCheckpoint(checkpointPath, fingerprint),
            new SynchronousProgress(_ => evaluatedOnResume++));
        int total = evaluator.BatchCount * (evaluator.Cells.Count + 1);
        Assert.Equal(total - 5, evaluatedOnResume);

        var uninterrupted = EvaluationRunner.Run(evaluator);
        var a = RobustnessReport.Build("tiny", "d", fixture.Dataset.Tasks, resumed);
        var b = RobustnessReport.Build("tiny", "d", fixture.Dataset.Tasks, uninterrupted);
        Assert.Equal(ReportWriter.ToJson(b), ReportWriter.ToJson(a));

        // A finished run resumes to nothing; a different evaluation refuses the file.
        int again = 0;
        EvaluationRunner.Run(evaluator, new EvaluationCheckpoint(checkpointPath, fingerprint), new SynchronousProgress(_ => again++));
        Assert.Equal(0, again);
        var other = EvaluationCheckpoint.Fingerprint("other-model", fixture.Dataset.Description, Settings);
        Assert.Throws<InvalidOperationException>(() => new EvaluationCheckpoint(checkpointPath, other).LoadOrCreate());
    }

    public void Dispose()
    {
        fixture.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the callback before the next batch starts.</summary>
    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
