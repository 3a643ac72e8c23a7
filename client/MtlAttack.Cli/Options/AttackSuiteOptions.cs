using MtlAttack.Core;
using System.CommandLine;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Options;

/// <summary>
/// What <c>attack</c>, <c>evaluations start</c> and <c>study</c> share about the attack suite: the help texts, read from
/// the catalog (<see cref="AttackDefinitions"/>), restarts and the per-norm budget check; and, as an instance, the suite
/// options <c>attack</c> and <c>evaluations start</c> both take, with <see cref="EvaluationSettings"/>' defaults.
/// </summary>
public sealed class AttackSuiteOptions
{
    private static readonly EvaluationSettings Defaults = new();

    public Option<IReadOnlyList<string>> Algorithms { get; } = NameListOption.Create("--algorithms", "A1,A2,...", AlgorithmsHelp, Defaults.Algorithms);

    public Option<IReadOnlyList<string>> Objectives { get; } = NameListOption.Create("--objectives", "O1,O2,...", ObjectivesHelp, Defaults.Objectives);

    public Option<IReadOnlyList<double>> Epsilons { get; } = EpsilonListOption.Create(Defaults.Epsilons);

    public Option<int> Restarts { get; } = RestartsOption(Defaults.Restarts);

    public Option<string> Split { get; } = new("--split") { Description = "Split to attack.", HelpName = "SPLIT", DefaultValueFactory = _ => Defaults.Split };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the random starts; the same seed repeats the run exactly.",
        HelpName = "K",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    public Option<EvaluationProtocol> Protocol { get; } = ProtocolOption.Create();

    /// <summary>Adds to <paramref name="command"/> the budget check of <see cref="Algorithms"/> against <see cref="Epsilons"/>.</summary>
    public void CheckBudgets(Command command) => CheckBudgets(command, Algorithms, Epsilons);

    public static Option<int> RestartsOption(int defaultValue)
    {
        var option = CliOptions.PositiveInt("--restarts", "N",
            $"Runs per attack (at most {Core.Attacks.Algorithms.Restarts.MaxCount}); each sample keeps its worst. Run 1 is the attack as configured "
            + "(from the clean images unless --random-start), runs 2..N start at random points of the ball, seeded per run; fgsm and fgm take no random start and run once.",
            defaultValue);
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value > Core.Attacks.Algorithms.Restarts.MaxCount) result.AddError($"--restarts is at most {Core.Attacks.Algorithms.Restarts.MaxCount}, got {value}.");
        });
        return option;
    }

    /// <summary>Each algorithm of the catalog with its line of help, then the ensemble.</summary>
    public static string AlgorithmsHelp =>
        "Attack algorithms. "
        + string.Join("; ", AttackDefinitions.Algorithms.Select(a => $"{string.Join(" or ", a.Aliases.Prepend(a.Name))}: {a.Help}"))
        + $"; {Ensemble.Syntax}: the worst case per sample and task over the listed algorithms, one norm.";

    /// <summary>Each objective of the catalog with its line of help, then the suffixes any objective takes.</summary>
    public static string ObjectivesHelp =>
        "Attack objectives. "
        + string.Join("; ", AttackDefinitions.Objectives.Select(o => $"{string.Join(", ", o.Syntax)}: {o.Help}"))
        + $"; any objective may be followed by a loss form and targets: {string.Join(", ", ShapedObjectives.Syntax)}.";

    /// <summary>The catalog's algorithms under <paramref name="threat"/>'s norm, as help texts list them: <c>fgsm/pgd/apgd</c>.</summary>
    public static string AlgorithmsUnder(ThreatModel threat) =>
        string.Join("/", AttackDefinitions.Algorithms.Where(a => a.Threat == threat).Select(a => a.Name));

    /// <summary>The --steps help, naming the catalog's iterative algorithms (those whose iterations follow the steps).</summary>
    public static string StepsHelp =>
        $"Steps of the iterative attacks ({string.Join(", ", AttackDefinitions.Algorithms.Where(a => a.Build().Iterations(2) > 1).Select(a => a.Name))})";

    /// <summary>
    /// Refuses, while parsing, an epsilon outside the bound of an algorithm's norm: 0..255 for L-infinity; L2 budgets
    /// may be larger (up to the image's L2 diameter, which the evaluation checks once the image size is known).
    /// </summary>
    public static void CheckBudgets(Command command, Option<IReadOnlyList<string>> algorithms, Option<IReadOnlyList<double>> epsilons)
    {
        command.Validators.Add(result =>
        {
            IReadOnlyList<string> names;
            IReadOnlyList<double> budgets;
            try
            {
                names = result.GetValue(algorithms) ?? DefaultSuites.Evaluation.Algorithms;
                budgets = result.GetValue(epsilons) ?? DefaultSuites.Evaluation.Epsilons;
            }
            catch (InvalidOperationException)
            {
                return; // An option that failed its own parsing has said why already.
            }
            foreach (var name in names)
            {
                AttackAlgorithm algorithm;
                try { algorithm = AttackCatalog.Algorithm(name); }
                catch (ArgumentException) { continue; }
                foreach (var epsilon in budgets)
                {
                    try { algorithm.Threat.CheckEpsilon(epsilon, algorithm.Name); }
                    catch (ArgumentOutOfRangeException e)
                    {
                        result.AddError($"--eps: {UserMessages.Of(e)}");
                        return;
                    }
                }
            }
        });
    }
}
