using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>An evaluation's work in cell-cost units: every batch the runner reports is priced, and done batches are not counted again.</summary>
public class EvaluationCostTests : IDisposable
{
    private readonly EvaluationFixture fixture = new();

    [Fact]
    public void EveryBatchTheRunnerReportsHasItsCellsCost()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, EvaluationTests.Settings with { Algorithms = ["fgsm"], MaxSamples = 2 });
        var costs = EvaluationCost.PerBatch(evaluator);
        var reported = new List<string>();
        EvaluationRunner.Run(evaluator, progress: new Collect(reported));

        Assert.Equal(evaluator.Cells.Count + 1, reported.Distinct().Count());
        Assert.All(reported, name => Assert.True(costs.ContainsKey(name), $"no cost for '{name}'"));
        Assert.Equal(EvaluationCost.Of(null, evaluator.Settings.Steps, fixture.Dataset.Tasks.Count), costs["clean"]);
    }

    [Fact]
    public void RemainingLeavesOutTheSavedBatches()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, EvaluationTests.Settings with { Algorithms = ["pgd"] });
        Assert.True(evaluator.BatchCount >= 2, "the test saves two batches of one cell");
        var costs = EvaluationCost.PerBatch(evaluator);
        double everything = evaluator.BatchCount * costs.Values.Sum();
        Assert.Equal(everything, EvaluationCost.Remaining(evaluator, new EvaluationResult()), 9);

        var cell = evaluator.Cells[^1];
        var saved = new EvaluationResult();
        saved.Clean.Batches.Add(0);
        saved.Cells[cell.Key] = new CellResult { Cell = cell, Statistics = new CellStatistics { Batches = [0, 1] } };
        Assert.Equal(everything - costs["clean"] - 2 * costs[cell.ToString()], EvaluationCost.Remaining(evaluator, saved), 9);
    }

    public void Dispose() => fixture.Dispose();

    // Synchronous: Progress<T> would post to the thread pool and the list could be read before it is filled.
    private sealed class Collect(List<string> names) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => names.Add(value.Current);
    }
}
