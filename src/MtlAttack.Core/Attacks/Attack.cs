using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Telemetry;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// An attack is an algorithm composed with an objective under a budget, e.g. pgd x dgba at epsilon 4.
/// <c>attack.Run(target, batch)</c> returns the adversarial images, in the model's pixel units.
/// </summary>
public sealed class Attack
{
    /// <summary>Throws an <see cref="ArgumentException"/> when the algorithm cannot run the objective (<see cref="AttackAlgorithm.Refusal"/>).</summary>
    public Attack(AttackAlgorithm algorithm, AttackObjective objective, AttackBudget budget)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(objective);
        if (algorithm.Refusal(objective) is { } refusal) throw new ArgumentException(refusal);
        Algorithm = algorithm;
        Objective = objective;
        Budget = budget;
    }

    public AttackAlgorithm Algorithm { get; }
    public AttackObjective Objective { get; }
    public AttackBudget Budget { get; }

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

    public Tensor Run(AttackContext context, long seed = 0, CancellationToken cancellationToken = default, AttackTrace? trace = null) =>
        Start(context, seed, cancellationToken, random => [Algorithm.Perturb(context, Objective, Budget, random, cancellationToken, trace)]).Single();

    /// <summary>
    /// As <see cref="Run(AttackContext, long, CancellationToken, AttackTrace?)"/>, but an <see cref="Ensemble"/> gives each
    /// member's images (the evaluation picks per sample and task among them); any other algorithm gives its one set.
    /// </summary>
    public IReadOnlyList<Tensor> RunEach(AttackContext context, long seed = 0, CancellationToken cancellationToken = default, AttackTrace? trace = null) =>
        Start(context, seed, cancellationToken, random => Algorithm is Ensemble ensemble
            ? ensemble.PerturbEach(context, Objective, Budget, random, cancellationToken, trace)
            : [Algorithm.Perturb(context, Objective, Budget, random, cancellationToken, trace)]);

    private IReadOnlyList<Tensor> Start(AttackContext context, long seed, CancellationToken cancellationToken, Func<Generator, IReadOnlyList<Tensor>> perturb)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Algorithm.Threat.CheckEpsilon(Budget.Epsilon, Algorithm.Name, context.CleanImages.numel() / Math.Max(1, context.CleanImages.shape[0]));
        if (Budget.Epsilon == 0) return [context.CleanImages.detach().clone()];
        using var span = CoreTelemetry.Source.StartActivity(CoreTelemetry.Spans.Attack);
        span?.SetTag("mtlattack.attack", Name);
        span?.SetTag("mtlattack.steps", Budget.Steps);
        using var random = new Generator((ulong)seed);
        return perturb(random);
    }

    public override string ToString() => Name;
}
