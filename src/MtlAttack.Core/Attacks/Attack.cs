using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Telemetry;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// An attack is an algorithm composed with an objective under a budget, e.g. pgd x dgba at epsilon 4.
/// <c>attack.Run(target, batch)</c> returns the adversarial images, in the model's pixel units.
/// </summary>
public sealed class Attack(AttackAlgorithm algorithm, AttackObjective objective, AttackBudget budget)
{
    public AttackAlgorithm Algorithm { get; } = algorithm;
    public AttackObjective Objective { get; } = objective;
    public AttackBudget Budget { get; } = budget;

    public string Name => $"{Algorithm.Name}-{Objective.Name}-eps{Budget.Epsilon:G}";

    /// <summary>
    /// Random starts draw from a generator seeded with <paramref name="seed"/>, so runs repeat exactly. A cancelled
    /// <paramref name="cancellationToken"/> stops the attack within one step.
    /// </summary>
    public Tensor Run(AttackTarget target, MultiTaskBatch batch, long seed = 0, CancellationToken cancellationToken = default)
    {
        using var context = new AttackContext(target, batch);
        return Run(context, seed, cancellationToken);
    }

    public Tensor Run(AttackContext context, long seed = 0, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Budget.Epsilon == 0) return context.CleanImages.detach().clone();
        using var span = CoreTelemetry.Source.StartActivity(CoreTelemetry.Spans.Attack);
        span?.SetTag("mtlattack.attack", Name);
        span?.SetTag("mtlattack.steps", Budget.Steps);
        using var random = new Generator((ulong)seed);
        return Algorithm.Perturb(context, Objective, Budget, random, cancellationToken);
    }

    public override string ToString() => Name;
}
