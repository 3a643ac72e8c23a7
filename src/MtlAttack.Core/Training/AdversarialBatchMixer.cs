using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// Replaces a fraction of a training batch by its adversarial version: the first round(ratio x N) samples (half
/// away from zero; the loader shuffles, so they are a random subset) are attacked, the others stay clean.
/// </summary>
public sealed class AdversarialBatchMixer
{
    public AdversarialBatchMixer(Attack attack, double ratio)
    {
        ArgumentNullException.ThrowIfNull(attack);
        if (!(ratio >= 0 && ratio <= 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The adversarial ratio is a fraction of the batch in [0, 1].");
        Attack = attack;
        Ratio = ratio;
    }

    /// <summary>The attack the options describe: algorithm x objective under an L-infinity budget.</summary>
    public static AdversarialBatchMixer FromOptions(TrainingOptions options, IReadOnlyList<string> tasks)
    {
        var algorithm = AttackCatalog.Algorithm(options.Adversarial ?? throw new ArgumentException("The options ask for no adversarial training (Adversarial is null)."));
        var objective = AttackCatalog.Objectives(options.AdvObjective, tasks).Single();
        var budget = new AttackBudget(options.AdvEpsilon, options.AdvSteps, options.AdvStepSize, options.AdvRandomStart);
        // The reference protocol's adversarial step is on the whole batch.
        return new AdversarialBatchMixer(new Attack(algorithm, objective, budget), options.IsReferenceAdversarial ? 1 : options.AdvRatio);
    }

    public Attack Attack { get; }
    public double Ratio { get; }

    /// <summary>How many samples of a batch of <paramref name="batchSize"/> are attacked.</summary>
    public int AttackedCount(int batchSize) => (int)Math.Round(Ratio * batchSize, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The batch's images with the attacked ones in front, detached. The attack runs with <paramref name="network"/> in
    /// eval mode, which is back in train mode after; <paramref name="seed"/> seeds the attack's random start.
    /// </summary>
    public Tensor Mix(MultiTaskNetwork network, AttackTarget target, MultiTaskBatch batch, long seed)
    {
        network.eval();
        try
        {
            ArgumentNullException.ThrowIfNull(target);
            ArgumentNullException.ThrowIfNull(batch);
            int attacked = AttackedCount(batch.Count);
            if (attacked == 0) return batch.Images.detach().clone();

            using var scope = NewDisposeScope();
            var adversarial = Attack.Run(target, batch.Map(t => t.narrow(0, 0, attacked)), seed);
            var images = attacked == batch.Count ? adversarial : cat([adversarial, batch.Images.narrow(0, attacked, batch.Count - attacked)], 0);
            return images.detach().MoveToOuterDisposeScope();
        }
        finally
        {
            network.train();
        }
    }
}
