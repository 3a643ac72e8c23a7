using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// How the steps are taken; what they aim at comes from the <see cref="AttackObjective"/>. Every algorithm
/// projects onto the epsilon-ball and the pixel range after every step and keeps memory flat by disposing
/// each iteration's tensors.
/// </summary>
public abstract class AttackAlgorithm
{
    public abstract string Name { get; }

    /// <summary>
    /// Adversarial images for the context's batch, detached, within the budget. <paramref name="cancellationToken"/> is
    /// checked before every step, so a cancelled attack stops within one step (an evaluation cancelled on a service
    /// frees its device at once) with an <see cref="OperationCanceledException"/>.
    /// </summary>
    public abstract Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default);

    public override string ToString() => Name;

    /// <summary>A uniform random point of the epsilon-ball around the clean images, inside the pixel range.</summary>
    protected static Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var noise = rand(clean.shape, dtype: clean.dtype, generator: random).to(clean.device);
        return context.Target.Bounds.Project(clean + (noise * 2 - 1) * epsilon, clean, epsilon);
    }
}
