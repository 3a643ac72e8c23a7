using MtlAttack.Core.Attacks;
using MtlAttack.Core.Evaluation;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

public class TrainedModelAttackTests(TrainedModelFixture model) : IClassFixture<TrainedModelFixture>
{
    [Theory]
    [InlineData("fgsm", "dgba")]
    [InlineData("pgd", "dgba-protect(normal)")]
    [InlineData("apgd", "signsum")]
    [InlineData("pgd", "dgba-floor(0.5)")]
    public void AdversarialImagesOfARealModelStayInTheBallAndThePixelRange(string algorithm, string objective)
    {
        var evaluator = new RobustnessEvaluator(model.Target, model.Dataset, new EvaluationSettings
        {
            Algorithms = [algorithm], Objectives = [objective], Epsilons = [6], Steps = 4, BatchSize = 8, MaxSamples = 8, RandomStart = true,
        });
        using var scope = NewDisposeScope();
        using var batch = evaluator.LoadBatch(0);
        var adversarial = evaluator.Perturb(evaluator.Cells.Single(), batch, 0);
        double linf = (adversarial - batch.Images).abs().max().item<float>();
        Assert.InRange(linf, 1, 6 + 1e-3);
        var (lo, hi) = model.Target.Bounds.AsTensors(CPU, ScalarType.Float32);
        Assert.True(adversarial.ge(lo - 1e-4).all().item<bool>() && adversarial.le(hi + 1e-4).all().item<bool>());
    }

    [Fact]
    public void ProtectingATaskLeavesItFarLessChangedThanPlainDgba()
    {
        var evaluator = new RobustnessEvaluator(model.Target, model.Dataset, new EvaluationSettings
        {
            Algorithms = ["pgd"], Objectives = ["dgba", "dgba-protect(normal;budget=0.001)"], Epsilons = [4], Steps = 10, BatchSize = 16,
        });
        var report = RobustnessReport.Build("trained", model.Dataset.Description, model.Dataset.Tasks, EvaluationRunner.Run(evaluator));
        var plain = report.Cells.Single(c => c.Objective == "dgba").Tasks;
        var protect = report.Cells.Single(c => c.Objective.StartsWith("dgba-protect", StringComparison.Ordinal)).Tasks;
        string Describe(TaskEffect e) => $"drop {e.RelativeDrop:P1}, loss {e.RelativeLossChange:P2}, " +
            string.Join(" ", e.MetricRelativeChange.Select(kv => $"{kv.Key}={kv.Value:P1}"));
        string detail = $"protected: {Describe(protect["normal"])}; plain: {Describe(plain["normal"])}";

        // The protected loss stays within its budget of the clean loss over the whole attack, while plain DGBA moves it a lot.
        Assert.True(plain["normal"].RelativeLossChange > 0.05, detail);
        Assert.True(Math.Abs(protect["normal"].RelativeLossChange) < 0.005, detail);
        // Its headline metric (mean angle error) moves far less than under plain DGBA.
        double plainHeadline = Math.Abs(plain["normal"].MetricRelativeChange["angle_mean"]);
        double protectHeadline = Math.Abs(protect["normal"].MetricRelativeChange["angle_mean"]);
        Assert.True(protectHeadline < 0.35 * plainHeadline, detail);

        // The attack still lands on the tasks it is allowed to hurt: their losses rise by a good share of plain DGBA's rise.
        double Rise(IReadOnlyDictionary<string, TaskEffect> tasks) => new[] { "segment_semantic", "depth_zbuffer" }.Average(t => tasks[t].RelativeLossChange);
        Assert.True(Rise(protect) > 0.25 * Rise(plain), $"attacked tasks' loss rise: protect {Rise(protect):P1} vs plain {Rise(plain):P1}; {detail}");
    }
}
