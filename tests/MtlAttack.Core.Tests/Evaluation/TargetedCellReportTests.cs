using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>
/// A targeted cell's goals reach the report: measured per batch with the attack, summed across batches exactly, kept
/// through the progress journal, and shown in report.md and report.html; other cells carry none.
/// </summary>
public class TargetedCellReportTests : IDisposable
{
    private readonly EvaluationFixture fixture = new();
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-goals-").FullName;

    private const string Targeted = "dgba+target(segment_semantic=class:2)";

    private static readonly EvaluationSettings Settings = new()
    {
        Algorithms = ["pgd"],
        Objectives = ["dgba", Targeted],
        Epsilons = [8],
        Steps = 3,
        BatchSize = 2,
    };

    [Fact]
    public void TheGoalIsMeasuredCleanAndAttackedAndSurvivesTheJournal()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings);
        var cell = evaluator.Cells.Single(c => c.Objective == Targeted);

        var merged = new CellStatistics();
        var parts = Enumerable.Range(0, evaluator.BatchCount).Select(b => evaluator.EvaluateBatch(cell, b)).ToList();
        for (int b = 0; b < parts.Count; b++) merged.AddBatch(b, parts[b]);
        var goal = Assert.Single(merged.Goals);
        Assert.Equal("segment_semantic", goal.Key);
        Assert.Equal(parts.Sum(p => p.Goals["segment_semantic"].AttackedLossSum), goal.Value.AttackedLossSum, 12);
        Assert.Equal(4, goal.Value.Samples);
        Assert.True(goal.Value.ScoredPixels > 0);
        Assert.InRange(goal.Value.AttackedPixelsAtGoal, 0, goal.Value.ScoredPixels);
        Assert.Empty(evaluator.EvaluateBatch(evaluator.Cells.Single(c => c.Objective == "dgba"), 0).Goals);

        var checkpoint = new EvaluationCheckpoint(Path.Combine(directory, "progress.jsonl"), "fp");
        var result = EvaluationRunner.Run(evaluator, checkpoint);
        var replayed = new EvaluationCheckpoint(checkpoint.Path, "fp").LoadOrCreate();
        Assert.Equal(result.Cells[cell.Key].Statistics.Goals["segment_semantic"], replayed.Cells[cell.Key].Statistics.Goals["segment_semantic"]);

        var report = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, result);
        var effect = report.Cells.Single(c => c.Objective == Targeted).Goals!["segment_semantic"];
        var sums = result.Cells[cell.Key].Statistics.Goals["segment_semantic"];
        Assert.Equal(sums.AttackedLossSum / sums.Samples, effect.GoalLoss, 12);
        Assert.Equal(sums.CleanPixelsAtGoal / sums.ScoredPixels, effect.CleanFractionAtGoal, 12);
        // A pgd step against the goal's loss moves the prediction towards it on this network.
        Assert.True(effect.GoalLoss < effect.CleanGoalLoss, $"loss to the goal {effect.CleanGoalLoss} -> {effect.GoalLoss}");
        Assert.Null(report.Cells.Single(c => c.Objective == "dgba").Goals);

        string row = string.Join(" | ", Assert.Single(GoalTable.Rows(report)));
        Assert.Contains("## Targeted goals", ReportWriter.ToMarkdown(report));
        Assert.Contains(row, ReportWriter.ToMarkdown(report));
        Assert.Contains("Targeted goals", ReportHtml.Render(report));
    }

    public void Dispose()
    {
        fixture.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
