using System.Text.RegularExpressions;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Core.Attacks.Catalog;

/// <summary>
/// Every attack algorithm and objective users can name, each defined once: adding one is an entry here.
/// <see cref="AttackCatalog"/> reads them; help texts, costs and defaults follow.
/// </summary>
public static partial class AttackDefinitions
{
    /// <summary>
    /// The L-infinity algorithms first, then their L2 forms (epsilon is then a per-image L2 norm in pixel units), then the
    /// reference code's L-infinity algorithms (MTLAttack-DGBA's "AS" and "AAR").
    /// </summary>
    public static IReadOnlyList<AlgorithmDefinition> Algorithms { get; } =
    [
        new("fgsm", ThreatModel.Linf, (threat, name) => new Fgsm(threat, name), "one step of eps along the objective's sign"),
        new("pgd", ThreatModel.Linf, (threat, name) => new Pgd(threat, name), "K steps of eps / K along the sign (I-FGSM), projected after each")
        {
            Aliases = ["i-fgsm", "ifgsm"],
        },
        new("apgd", ThreatModel.Linf, (threat, name) => new Apgd(threat, name),
            "Auto-PGD, K steps from 2 eps with momentum, the step halved where progress stalls, each sample's best iterate kept"),
        new("fgm", ThreatModel.L2, (threat, name) => new Fgsm(threat, name), "fgsm under L2, one step of eps along the direction of unit L2 norm per image"),
        new("pgd-l2", ThreatModel.L2, (threat, name) => new Pgd(threat, name), "pgd under L2, its steps along the unit-L2 direction projected onto the L2 ball"),
        new("apgd-l2", ThreatModel.L2, (threat, name) => new Apgd(threat, name), "apgd under L2 (Croce & Hein's L2 Auto-PGD)"),
        new("saga", ThreatModel.Linf, (_, name) => new Saga(name),
            "Auto-SAGA (the reference's AS), K steps of eps / K along per-task gradients weighted per pixel by learned weights; takes single, total, dgba"),
        new("aar", ThreatModel.Linf, (threat, name) => new Apgd(threat, name, ApgdRules.ReferenceRestarts),
            "the reference's APGD (first step eps / K, decisions per batch, halving one step late) restarting the batch from its best point at every halving (its AAR)"),
    ];

    public static IReadOnlyList<ObjectiveDefinition> Objectives { get; } =
    [
        new("single", ["single", SingleTaskSyntax], "one task's loss ('single' alone: one cell per task of the model)",
            ObjectiveDefinition.OneBackward, SingleTask),
        ObjectiveDefinition.Plain("total", "the summed task losses (the task with the largest loss scale dominates)",
            ObjectiveDefinition.OneBackward, () => new TotalLossObjective()),
        ObjectiveDefinition.Plain("signsum", "the sum of the task gradients' signs (one backward pass per task)",
            ObjectiveDefinition.BackwardPerTask, () => new SignSumObjective()),
        ObjectiveDefinition.Plain("dgba", "the summed relative loss changes, sum_t L_t / L_t(clean): every task counts alike",
            ObjectiveDefinition.OneBackward, () => new DgbaObjective()),
        // One backward pass for the attacked tasks and one per protected task: at most one per task.
        new("dgba-protect", [ConstrainedObjectives.ProtectSyntax],
            "dgba on the other tasks, the protected tasks' losses held within B of their clean values (first order)",
            ObjectiveDefinition.BackwardPerTask, Constrained),
        new("dgba-floor", [ConstrainedObjectives.FloorSyntax], "dgba with every task's relative gain at least RHO times the average (first order)",
            ObjectiveDefinition.BackwardPerTask, Constrained),
        new("dgba-l0", [ConstrainedObjectives.L0Syntax], "dgba moving at most K coordinates per sample and step",
            ObjectiveDefinition.OneBackward, Constrained),
    ];

    private const string SingleTaskSyntax = "single(TASK)";

    [GeneratedRegex(@"^single\((?<task>[a-z0-9_]+)\)$")]
    private static partial Regex SingleTaskPattern();

    /// <summary><c>single</c>: one single-task objective per task of the model (the transfer matrix needs them all); <c>single(TASK)</c>: that task's.</summary>
    private static IReadOnlyList<AttackObjective> SingleTask(string name, IReadOnlyList<string> modelTasks, double stepSize)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "single") return modelTasks.Select(t => (AttackObjective)new SingleTaskObjective(t)).ToList();
        var single = SingleTaskPattern().Match(n);
        if (!single.Success) throw AttackCatalog.UnknownObjective(name);
        var task = single.Groups["task"].Value;
        if (!modelTasks.Contains(task))
            throw new ArgumentException($"Objective '{name}' names task '{task}', which the model does not have; it has {string.Join(", ", modelTasks)}.");
        return [new SingleTaskObjective(task)];
    }

    private static IReadOnlyList<AttackObjective> Constrained(string name, IReadOnlyList<string> modelTasks, double stepSize) =>
        ConstrainedObjectives.TryParse(name, modelTasks, stepSize, out var objective) ? [objective!] : throw AttackCatalog.UnknownObjective(name);
}
