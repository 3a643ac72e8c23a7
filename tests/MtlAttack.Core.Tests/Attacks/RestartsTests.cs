using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

public class RestartsTests
{
    /// <summary>Returns the clean images plus a scripted per-sample offset on channel 0, one script per call, and records each call.</summary>
    private sealed class ScriptedRuns(double[][] offsets) : AttackAlgorithm(ThreatModel.Linf)
    {
        public List<(bool RandomStart, long Seed)> Calls { get; } = [];

        public override string Name => "scripted";

        public override double LargestStep(AttackBudget budget) => budget.Epsilon;

        public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
            CancellationToken cancellationToken = default, AttackTrace? trace = null)
        {
            var offset = offsets[Calls.Count];
            Calls.Add((budget.RandomStart, random is null ? -1 : random.initial_seed()));
            var shift = zeros_like(context.CleanImages);
            for (int i = 0; i < offset.Length; i++) shift[i, 0] = offset[i];
            return context.CleanImages + shift;
        }
    }

    [Fact]
    public void EachSampleKeepsTheRunWithTheHighestObjective()
    {
        // total = loss a + loss b = |channel 0| + |channel 1| per sample; channel 1 is 0.
        var runs = new ScriptedRuns([[1, 5, 2], [3, 2, 2], [2, 4, 7]]);
        using var batch = ChannelTarget.Batch(ChannelTarget.Images([0, 0, 0], [0, 0, 0]));
        using var context = new AttackContext(ChannelTarget.Create(), batch);

        var attack = new Attack(new Restarts(runs, 3), new TotalLossObjective(), new AttackBudget(1, steps: 2));
        var images = attack.Run(context, seed: 42);

        // Sample 0: run 2 (3); sample 1: run 1 (5); sample 2: run 3 (7), a tie (2, 2) before it keeping the earlier run.
        Assert.Equal([3f, 5f, 7f], images[TensorIndex.Colon, 0, 0, 0].data<float>().ToArray());
        // Run 1 is the attack as configured (no random start) with the attack's own generator; runs 2 and 3 start at random
        // with generators of their own.
        Assert.Equal([false, true, true], runs.Calls.Select(c => c.RandomStart));
        Assert.Equal(42, runs.Calls[0].Seed);
        Assert.Equal(3, runs.Calls.Select(c => c.Seed).Distinct().Count());
        Assert.Equal(RunSeeds.For(new Generator(42), 1).initial_seed(), runs.Calls[1].Seed);
    }

    [Fact]
    public void OneRestartIsThePlainAttackAndFgsmIsNotRestarted()
    {
        Assert.IsType<Pgd>(Restarts.Wrap(AttackCatalog.Algorithm("pgd"), 1));
        Assert.Equal(1, new Restarts(AttackCatalog.Algorithm("fgsm"), 5).Runs);
        Assert.Equal(5, new Restarts(AttackCatalog.Algorithm("pgd"), 5).Runs);
        Assert.Equal(50, new Restarts(AttackCatalog.Algorithm("pgd"), 5).Iterations(10));
        var ensemble = Assert.IsType<Ensemble>(Restarts.Wrap(new Ensemble([AttackCatalog.Algorithm("fgsm"), AttackCatalog.Algorithm("pgd")]), 3));
        Assert.All(ensemble.Members, m => Assert.Equal(3, Assert.IsType<Restarts>(m).Count));
    }

    [Fact]
    public void RestartsRepeatBySeedAndNeverLowerASamplesObjective()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 4);
        using var context = new AttackContext(model.Target(), batch);
        var objective = new TotalLossObjective();
        var budget = new AttackBudget(8, steps: 3, randomStart: true);
        Tensor Run(int restarts, long seed) => new Attack(Restarts.Wrap(AttackCatalog.Algorithm("pgd"), restarts), objective, budget).Run(context, seed);
        Tensor Value(Tensor images)
        {
            using var _ = no_grad();
            return objective.Value(context, context.TaskLosses(images));
        }

        var single = Run(1, 7);
        var restarted = Run(4, 7);
        Assert.True(restarted.eq(Run(4, 7)).all().item<bool>(), "the same seed repeats the restarts exactly");
        Assert.False(restarted.eq(Run(4, 8)).all().item<bool>(), "another seed draws other random starts");
        var gain = Value(restarted) - Value(single);
        Assert.True(gain.ge(0).all().item<bool>(), $"per-sample objective gain over one run: {string.Join(", ", gain.data<float>().ToArray())}");
        Assert.True(gain.gt(0).any().item<bool>(), "random restarts find a higher objective for some sample");
        Assert.True((restarted - batch.Images).abs().max().item<float>() <= 8 + 1e-3);
    }
}
