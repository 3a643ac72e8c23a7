using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>A cancelled token stops an attack before its next step: a cancelled service evaluation frees its device at once.</summary>
public class AttackCancellationTests
{
    [Theory]
    [InlineData("pgd")]
    [InlineData("apgd")]
    public void CancellingDuringAnAttackStopsItBeforeTheNextStep(string algorithm)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var cancellation = new CancellationTokenSource();
        // The objective cancels while it computes its third step, as a cancel arriving mid-step would.
        var objective = new CountingObjective(new TotalLossObjective(), cancelAtStep: 3, cancellation);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(8, steps: 1000));

        Assert.ThrowsAny<OperationCanceledException>(() => attack.Run(model.Target(), batch, seed: 1, cancellation.Token));
        Assert.Equal(3, objective.Steps);
    }

    [Theory]
    [InlineData("fgsm")]
    [InlineData("pgd")]
    [InlineData("apgd")]
    public void AnAlreadyCancelledAttackTakesNoStep(string algorithm)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var objective = new CountingObjective(new TotalLossObjective(), cancelAtStep: 0, null);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(8, steps: 10));

        Assert.ThrowsAny<OperationCanceledException>(() => attack.Run(model.Target(), batch, seed: 1, new CancellationToken(canceled: true)));
        Assert.Equal(0, objective.Steps);
    }

    [Theory]
    [InlineData("pgd", 5)]
    [InlineData("apgd", 6)]
    public void ALiveTokenLetsTheAttackRunEveryStep(string algorithm, int steps)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var cancellation = new CancellationTokenSource();
        var objective = new CountingObjective(new TotalLossObjective(), cancelAtStep: 0, cancellation);
        using var adversarial = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(8, steps: 5)).Run(model.Target(), batch, seed: 1, cancellation.Token);
        // APGD evaluates its starting point once more than it steps.
        Assert.Equal(steps, objective.Steps);
    }

    /// <summary>Delegates to an objective, counts its steps and cancels <paramref name="cancellation"/> in step <paramref name="cancelAtStep"/>.</summary>
    private sealed class CountingObjective(AttackObjective inner, int cancelAtStep, CancellationTokenSource? cancellation) : AttackObjective
    {
        public int Steps { get; private set; }

        public override string Name => inner.Name;

        public override Tensor Value(AttackContext context, Tensor taskLosses) => inner.Value(context, taskLosses);

        public override ObjectiveStep Step(AttackContext context, Tensor images)
        {
            if (++Steps == cancelAtStep) cancellation?.Cancel();
            return inner.Step(context, images);
        }
    }
}
