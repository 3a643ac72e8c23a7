using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Threats;
using MtlAttack.Core.Evaluation;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>The noise baselines, the diagnostics and the per-norm budget bound, on the small untrained network.</summary>
public class TrustTests : IDisposable
{
    private readonly EvaluationFixture fixture = new();
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-trust-").FullName;

    private static readonly EvaluationSettings Small = new()
    {
        Algorithms = ["fgsm", "pgd", "apgd"], Objectives = ["total"], Epsilons = [0, 2, 8], Steps = 3, BatchSize = 2, MaxSamples = 4,
    };

    private RobustnessReport Report(EvaluationSettings settings, AttackTarget? target = null, EvaluationCheckpoint? checkpoint = null)
    {
        var evaluator = new RobustnessEvaluator(target ?? fixture.Target, fixture.Dataset, settings);
        return RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, EvaluationRunner.Run(evaluator, checkpoint));
    }

    [Fact]
    public void EveryReportHasANoiseCellPerNormAndEpsilon()
    {
        var report = Report(Small with { Algorithms = ["pgd", "fgm"], Epsilons = [0, 2, 8] });
        Assert.Equal(["noise|none|0", "noise|none|2", "noise|none|8", "noise-l2|none|0", "noise-l2|none|2", "noise-l2|none|8"],
            report.NoiseCells.Select(c => $"{c.Algorithm}|{c.Objective}|{c.Epsilon}"));
        Assert.DoesNotContain(report.Cells, c => c.Algorithm.StartsWith("noise", StringComparison.Ordinal));
        Assert.All(report.NoiseCells.Where(c => c.Epsilon == 0), c => Assert.Equal(0, c.AvgRelativeLossChange, 12));
        var pgd = report.Cells.Single(c => c.Algorithm == "pgd" && c.Epsilon == 8);
        Assert.Equal(pgd.AvgRelativeDrop - report.NoiseFor(pgd)!.AvgRelativeDrop, pgd.Diagnostics!.AboveNoise!.Value, 12);
        Assert.Equal("noise", report.NoiseFor(pgd)!.Algorithm);
        Assert.Equal("noise-l2", report.NoiseFor(report.Cells.Single(c => c.Algorithm == "fgm" && c.Epsilon == 8))!.Algorithm);

        string markdown = ReportWriter.ToMarkdown(report);
        Assert.Contains("| noise (random, no objective) |", markdown);
        Assert.Contains("## Above noise (percentage points)", markdown);
        Assert.Contains("Above noise (percentage points)", ReportWriter.ToHtml(report));
        // The CSV keeps the reference layout: the clean row and the attack cells only.
        Assert.Equal(1 + report.Cells.Count, ReportWriter.ToCsv(report).TrimEnd().Split('\n').Length - 1);
    }

    [Fact]
    public void NoiseMovesEveryValueByEpsilonOrStaysInTheL2Ball()
    {
        var evaluator = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Small with { Algorithms = ["pgd", "pgd-l2"], Epsilons = [3] });
        using var scope = NewDisposeScope();
        using var batch = evaluator.LoadBatch(0);
        var linf = evaluator.Perturb(evaluator.NoiseCells.Single(c => c.Algorithm == "noise"), batch, 0) - batch.Images;
        var (lo, hi) = fixture.Target.Bounds.AsTensors(CPU, ScalarType.Float32);
        var inside = (batch.Images - 3).ge(lo).logical_and((batch.Images + 3).le(hi));
        Assert.True(linf.abs().masked_select(inside).sub(3).abs().max().item<float>() < 1e-4, "every value not clipped moves by exactly epsilon");
        Assert.InRange(linf.gt(0).to_type(ScalarType.Float32).mean().item<float>(), 0.4f, 0.6f);
        var l2 = evaluator.Perturb(evaluator.NoiseCells.Single(c => c.Algorithm == "noise-l2"), batch, 0) - batch.Images;
        var norms = l2.flatten(1).norm(1);
        Assert.True(norms.le(3 + 1e-3).all().item<bool>() && norms.ge(2).all().item<bool>(), $"L2 norms {string.Join(", ", norms.data<float>().ToArray())}");
        // Seeded: the same batch gives the same noise.
        Assert.True((evaluator.Perturb(evaluator.NoiseCells.Single(c => c.Algorithm == "noise"), batch, 0) - batch.Images).eq(linf).all().item<bool>());
    }

    [Fact]
    public void TrajectoriesHaveOnePointPerIterateAndSurviveTheCheckpoint()
    {
        var checkpoint = new EvaluationCheckpoint(Path.Combine(directory, "progress.jsonl"), "fp");
        var report = Report(Small, checkpoint: checkpoint);
        int Length(string algorithm) => report.Cells.Single(c => c.Algorithm == algorithm && c.Epsilon == 8).Diagnostics!.LossTrajectories["normal"].Length;
        Assert.Equal(2, Length("fgsm"));
        Assert.Equal(3 + 1, Length("pgd"));
        Assert.Equal(3 + 1, Length("apgd"));
        var pgd = report.Cells.Single(c => c.Algorithm == "pgd" && c.Epsilon == 8);
        Assert.All(pgd.Diagnostics!.LossTrajectories.Values, t => Assert.All(t, v => Assert.True(double.IsFinite(v))));
        // Step 0 is the clean point: its mean loss is the clean loss.
        Assert.Equal(report.Clean["normal"].Loss, pgd.Diagnostics.LossTrajectories["normal"][0], 4);
        Assert.Equal(4, pgd.Diagnostics.TracedRuns);
        Assert.Empty(report.Cells.Single(c => c.Algorithm == "pgd" && c.Epsilon == 0).Diagnostics!.LossTrajectories["normal"]);

        // Replaying progress.jsonl rebuilds the same report, traces and noise included.
        var replayed = RobustnessReport.Build("tiny", fixture.Dataset.Description, fixture.Dataset.Tasks, checkpoint.LoadOrCreate());
        Assert.Equal(ReportWriter.ToJson(report), ReportWriter.ToJson(replayed));
        Assert.Contains("\"lossTrajectories\"", ReportWriter.ToJson(report));
    }

    /// <summary>The fixture's network with one task's output detached from the images: that task is constant to any attack.</summary>
    private AttackTarget Detached(string task) => new(images =>
        fixture.Network.forward(images).ToDictionary(kv => kv.Key, kv => kv.Key == task ? kv.Value.detach() : kv.Value), fixture.Target.Tasks, fixture.Target.Bounds);

    [Fact]
    public void ADetachedTaskIsFlaggedAtTheCleanPointAndAnAttackOnItGoesNowhere()
    {
        var report = Report(Small with { Algorithms = ["pgd"], Objectives = ["single(depth_zbuffer)", "total"], Epsilons = [4] }, Detached("depth_zbuffer"));

        var clean = Assert.Single(report.CleanFlags!);
        Assert.Equal(DiagnosticFlag.ZeroGradient, clean.Code);
        Assert.Contains("depth_zbuffer", clean.Message);
        Assert.All(report.Cells, c => Assert.Contains(clean, c.Diagnostics!.Flags));
        var onDepth = report.Cells.Single(c => c.Objective == "single(depth_zbuffer)").Diagnostics!;
        Assert.Contains(onDepth.Flags, f => f.Code == DiagnosticFlag.ZeroDirection);
        Assert.Contains(onDepth.Flags, f => f.Code == DiagnosticFlag.ObjectiveNotIncreasing);
        Assert.Equal(1, onDepth.NotIncreasingFraction);
        var total = report.Cells.Single(c => c.Objective == "total").Diagnostics!;
        Assert.DoesNotContain(total.Flags, f => f.Code is DiagnosticFlag.ZeroDirection or DiagnosticFlag.ObjectiveNotIncreasing);

        Assert.Contains("All cells: task depth_zbuffer: the input gradient of its loss is zero", ReportWriter.ToMarkdown(report));
        Assert.Contains("pgd x single(depth_zbuffer) @ eps 4: the step direction was zero everywhere", ReportWriter.ToMarkdown(report));
    }

    [Fact]
    public void AHealthyModelHasNoCleanFlags() =>
        Assert.Empty(Report(Small with { Algorithms = ["pgd"], Epsilons = [4] }).CleanFlags!);

    [Fact]
    public void AnAttackNoStrongerThanNoiseIsFlaggedAndOneAboveItIsNot()
    {
        CellReport Cell(double lossChange, double drop) =>
            new("pgd", "total", 1, drop, lossChange, new Dictionary<string, TaskEffect>());
        var noise = Cell(0.02, 0.01) with { Algorithm = "noise", Objective = "none" };
        var trace = new TraceStatistics { Samples = 10, NotIncreasing = 2 };

        var weak = CellDiagnostics.Of(Cell(0.015, 0.02), trace, noise, []);
        Assert.Equal([DiagnosticFlag.NotAboveNoise], weak.Flags.Select(f => f.Code));
        Assert.Equal(0.01, weak.AboveNoise!.Value, 12);
        Assert.Empty(CellDiagnostics.Of(Cell(0.03, 0.02), trace, noise, []).Flags);
        // Equal is not above; NaN (a loss change that cannot be computed) is not above either.
        Assert.Single(CellDiagnostics.Of(Cell(0.02, 0.02), trace, noise, []).Flags);
        Assert.Single(CellDiagnostics.Of(Cell(double.NaN, 0.02), trace, noise, []).Flags);
        // Epsilon 0 is a clean control cell: noise is the clean images too, nothing to be above.
        Assert.Empty(CellDiagnostics.Of(Cell(0, 0) with { Epsilon = 0 }, trace, noise with { Epsilon = 0 }, []).Flags);
        Assert.Equal([DiagnosticFlag.ObjectiveNotIncreasing],
            CellDiagnostics.Of(Cell(0.03, 0.02), new TraceStatistics { Samples = 10, NotIncreasing = 6 }, noise, []).Flags.Select(f => f.Code));
    }

    [Fact]
    public void ATinyEpsilonAttackIsNotAboveNoiseOnTheUntrainedNetwork()
    {
        // At 1e-6 pixel units every loss change is rounding: fgsm cannot be told from noise and is flagged as such.
        var report = Report(Small with { Algorithms = ["fgsm"], Epsilons = [1e-6] });
        Assert.Contains(report.Cells.Single().Diagnostics!.Flags, f => f.Code == DiagnosticFlag.NotAboveNoise);
    }

    [Fact]
    public void L2BudgetsMayExceed255UpToTheImagesDiameter()
    {
        // 3 x 16 x 16 images: the L2 diameter is 255 * sqrt(768) = 7066.77.
        _ = new RobustnessEvaluator(fixture.Target, fixture.Dataset, Small with { Algorithms = ["pgd-l2", "fgm"], Epsilons = [300, 7000] });
        var linf = Assert.ThrowsAny<ArgumentException>(() => new RobustnessEvaluator(fixture.Target, fixture.Dataset, Small with { Algorithms = ["pgd"], Epsilons = [300] }));
        Assert.Contains("outside the L-infinity budget of pgd, 0..255 pixel units", linf.Message);
        var l2 = Assert.ThrowsAny<ArgumentException>(() => new RobustnessEvaluator(fixture.Target, fixture.Dataset, Small with { Algorithms = ["pgd-l2"], Epsilons = [7100] }));
        Assert.True(l2.Message.Contains("outside the L2 budget of pgd-l2, 0..7066.77 pixel units"), l2.Message);
        Assert.Equal(255, ThreatModel.Linf.MaxEpsilon(768));
        Assert.True(double.IsPositiveInfinity(ThreatModel.L2.MaxEpsilon()));
    }

    [Fact]
    public void RestartsAreValidated() =>
        Assert.Contains("Restarts is 0", Assert.ThrowsAny<ArgumentException>(() => (Small with { Restarts = 0 }).Validate()).Message);

    public void Dispose()
    {
        fixture.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
