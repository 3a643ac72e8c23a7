namespace MtlAttack.Core.Attacks.Catalog;

/// <summary>An attack suite: every algorithm x objective x epsilon, the iterative algorithms taking <see cref="Steps"/> steps.</summary>
public sealed record AttackSuite(IReadOnlyList<string> Algorithms, IReadOnlyList<string> Objectives, IReadOnlyList<double> Epsilons, int Steps);
