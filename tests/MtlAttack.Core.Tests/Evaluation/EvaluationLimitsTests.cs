using System.Globalization;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>An evaluation larger than its limits is refused before a plan is built, naming the limit and the value.</summary>
public class EvaluationLimitsTests : IDisposable
{
    private readonly EvaluationFixture fixture = new();

    private static EvaluationSettings Settings => EvaluationTests.Settings;

    [Fact]
    public void AHundredThousandEpsilonsAreRefusedByTheirLimit()
    {
        var settings = Settings with { Algorithms = ["fgsm", "pgd", "apgd"], Objectives = ["single", "total", "signsum", "dgba"],
            Epsilons = Enumerable.Range(0, 100_000).Select(i => i * 255.0 / 100_000).ToList() };
        var error = Assert.Throws<EvaluationLimitException>(() => new RobustnessEvaluator(fixture.Target, fixture.Dataset, settings, limits: new EvaluationLimits()));
        Assert.Contains("lists 100,000 epsilons; the limit is 64 per evaluation (Limits:MaxEpsilons)", error.Message);
    }

    [Fact]
    public void EveryDistinctConstrainedObjectiveCounts()
    {
        var settings = Settings with { Objectives = Enumerable.Range(1, 10_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"dgba-floor({i / 10_000.0:R})")).ToList() };
        var error = Assert.Throws<EvaluationLimitException>(() => new EvaluationLimits().CheckSettings(settings));
        Assert.Contains("lists 10,000 objectives; the limit is 32 per evaluation (Limits:MaxObjectives)", error.Message);
    }

    [Fact]
    public void CellsAreCountedWithSingleExpandedPerTask()
    {
        // 2 algorithms x (3 single tasks + dgba) x 2 epsilons = 16 cells.
        var error = Assert.Throws<EvaluationLimitException>(() =>
            new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings, limits: new EvaluationLimits { MaxCells = 15 }));
        Assert.Contains("has 16 cells", error.Message);
        Assert.Contains("the limit is 15 (Limits:MaxCells)", error.Message);
        Assert.Equal(16, new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings, limits: new EvaluationLimits { MaxCells = 16 }).Cells.Count);
    }

    [Fact]
    public void BatchesCountTheCleanBaselineToo()
    {
        // 2 batches per cell (4 test scenes in batches of 2) x (16 cells + clean) = 34.
        var error = Assert.Throws<EvaluationLimitException>(() =>
            new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings, limits: new EvaluationLimits { MaxBatches = 33 }));
        Assert.Contains("has 34 batches (2 per cell x 16 cells and the clean baseline); the limit is 33 (Limits:MaxBatches)", error.Message);
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Settings, limits: new EvaluationLimits { MaxBatches = 34 });
        Assert.Equal(34, evaluator.BatchCount * (evaluator.Cells.Count + 1));
    }

    [Fact]
    public void RepeatedEntriesMakeNoExtraCellsAndKeepTheFirstOrder()
    {
        var repeated = Settings with { Algorithms = ["pgd", "fgsm", "PGD"], Objectives = ["dgba", "single", "single(normal)", "dgba"], Epsilons = [4, 0, 4.0] };
        var cells = RobustnessEvaluator.PlanCells(fixture.Target, repeated);
        var expected = (from a in new[] { "pgd", "fgsm" }
                        from o in new[] { "dgba" }.Concat(fixture.Target.Tasks.Select(t => $"single({t.Name})"))
                        from e in new[] { 4.0, 0 }
                        select new EvaluationCell(a, o, e)).ToList();
        Assert.Equal(expected, cells);
    }

    [Fact]
    public void LimitsBelowOneAreRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => new EvaluationLimits { MaxCells = 0 }.Validate());
        Assert.Contains("Limits:MaxCells is 0", error.Message);
    }

    public void Dispose() => fixture.Dispose();
}
