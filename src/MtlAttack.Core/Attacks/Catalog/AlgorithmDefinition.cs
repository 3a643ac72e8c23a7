using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Core.Attacks.Catalog;

/// <summary>
/// One attack algorithm as users name it: its name, the names also accepted for it, the norm its epsilon bounds, how to
/// build it, and a line of help. What a run costs (<see cref="AttackAlgorithm.ObjectiveSteps"/>) and the largest step
/// it takes (<see cref="AttackAlgorithm.LargestStep"/>, what dgba-protect's budget is sized by) are the built
/// algorithm's, so that ensembles and restarts compose them.
/// </summary>
/// <param name="Create">Builds the algorithm from this definition's threat model and name (the name it reports under).</param>
public sealed record AlgorithmDefinition(string Name, ThreatModel Threat, Func<ThreatModel, string, AttackAlgorithm> Create, string Help)
{
    /// <summary>Other names users may type for it (e.g. <c>i-fgsm</c> for <c>pgd</c>); cells and reports use <see cref="Name"/>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public AttackAlgorithm Build() => Create(Threat, Name);

    /// <summary>Whether <paramref name="name"/> (trimmed, lower case) names this algorithm.</summary>
    public bool IsCalled(string name) => name == Name || Aliases.Contains(name);
}
