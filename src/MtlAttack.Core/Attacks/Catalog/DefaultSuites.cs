namespace MtlAttack.Core.Attacks.Catalog;

/// <summary>
/// The suites that run when nobody names one: an evaluation's (the CLI's <c>attack</c>, <c>evaluations start</c> and a
/// service request that leaves its lists out), the demo's and the study's. Each is written here only.
/// </summary>
public static class DefaultSuites
{
    /// <summary>The four objectives: each task alone, the naive sum, the sign vote and DGBA.</summary>
    private static readonly IReadOnlyList<string> EveryObjectiveFamily = ["single", "total", "signsum", "dgba"];

    /// <summary>The two fast L-infinity attacks at budgets doubling from 1 to 16.</summary>
    public static AttackSuite Evaluation { get; } = new(["fgsm", "pgd"], EveryObjectiveFamily, [1, 2, 4, 8, 16], 10);

    /// <summary>
    /// The reference study's (MTLAttack-DGBA's AttackBranchMTL.py): the evaluation's attacks over its epsilon sweep 1..9,
    /// then 10 to 16 in steps of 2; what <c>--protocol reference</c> runs when no budgets are named.
    /// </summary>
    public static AttackSuite Reference { get; } = Evaluation with { Epsilons = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16] };

    /// <summary>The demo's: the evaluation's attacks at the three budgets a reader compares.</summary>
    public static AttackSuite Demo { get; } = new(["fgsm", "pgd"], EveryObjectiveFamily, [2, 4, 8], 10);

    /// <summary>The quick demo's: as <see cref="Demo"/> with half the steps.</summary>
    public static AttackSuite DemoQuick { get; } = Demo with { Steps = 5 };

    /// <summary>The study's: apgd beside fgsm and pgd, five steps so that every layout's model is attacked in minutes.</summary>
    public static AttackSuite Study { get; } = new(["fgsm", "pgd", "apgd"], EveryObjectiveFamily, [2, 4, 8], 5);

    /// <summary>The quick study's: the smallest and largest of the study's budgets.</summary>
    public static AttackSuite StudyQuick { get; } = Study with { Epsilons = [2, 8] };
}
