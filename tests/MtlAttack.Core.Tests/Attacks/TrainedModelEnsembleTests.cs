using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>The worst-case ensemble, restarts and the noise baseline on a trained network.</summary>
public class TrainedModelEnsembleTests(TrainedModelFixture model) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void TheEnsembleIsAtLeastAsStrongAsEachMemberPerTaskAndEveryAttackBeatsNoise()
    {
        var evaluator = new RobustnessEvaluator(model.Target, model.Dataset, new EvaluationSettings
        {
            Algorithms = ["fgsm", "pgd", "apgd", "ensemble(fgsm,pgd,apgd)"], Objectives = ["total"], Epsilons = [2, 4], Steps = 5, BatchSize = 16, MaxSamples = 32,
        });
        var report = RobustnessReport.Build("trained", model.Dataset.Description, model.Dataset.Tasks, EvaluationRunner.Run(evaluator));

        foreach (var epsilon in new[] { 2.0, 4.0 })
        {
            var cells = report.Cells.Where(c => c.Epsilon == epsilon).ToDictionary(c => c.Algorithm);
            var ensemble = cells["ensemble(fgsm,pgd,apgd)"];
            foreach (var member in new[] { "fgsm", "pgd", "apgd" })
                foreach (var task in report.TaskOrder)
                    // Per sample it takes the member's loss or a higher one, so the mean loss can only be higher
                    // (the members run with the ensemble's own seeds, but without a random start they are deterministic).
                    Assert.True(ensemble.Tasks[task].Loss >= cells[member].Tasks[task].Loss * (1 - 1e-6),
                        $"eps {epsilon}, {task}: ensemble loss {ensemble.Tasks[task].Loss} < {member}'s {cells[member].Tasks[task].Loss}");
            Assert.All(cells.Values, c =>
            {
                Assert.True(c.Diagnostics!.AboveNoise > 0, $"{c.Algorithm} @ eps {epsilon}: {c.Diagnostics.AboveNoise} above noise");
                Assert.Empty(c.Diagnostics.Flags);
            });
        }
    }

    [Fact]
    public void RestartsRaiseTheObjectiveThatPicksThem()
    {
        EvaluationSettings Settings(int restarts) => new()
        {
            Algorithms = ["pgd"], Objectives = ["total"], Epsilons = [2], Steps = 3, BatchSize = 16, MaxSamples = 16, RandomStart = true, Restarts = restarts,
        };
        double TotalLoss(int restarts)
        {
            var evaluator = new RobustnessEvaluator(model.Target, model.Dataset, Settings(restarts));
            var statistics = evaluator.EvaluateBatch(evaluator.Cells.Single(), 0);
            return statistics.Tasks.Values.Sum(t => t.LossSum);
        }

        // total's value is the summed task loss: per sample the restarted attack keeps a run at least as high as run 1, the plain attack.
        double single = TotalLoss(1), restarted = TotalLoss(3);
        Assert.True(restarted >= single * (1 - 1e-6), $"3 restarts {restarted} < 1 run {single}");
    }
}
