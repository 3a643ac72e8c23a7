using MtlAttack.Core;
using System.CommandLine;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Options;

/// <summary>The options <c>attack</c> and <c>evaluations start</c> share beyond the name lists: restarts and the per-norm budget check.</summary>
public static class AttackSuiteOptions
{
    public static Option<int> Restarts(int defaultValue)
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

    public static string AlgorithmsHelp =>
        $"Attack algorithms: {string.Join(", ", AttackCatalog.AlgorithmSyntax)} (the worst case per sample and task over the listed algorithms, one norm).";

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
                names = result.GetValue(algorithms) ?? new EvaluationSettings().Algorithms;
                budgets = result.GetValue(epsilons) ?? new EvaluationSettings().Epsilons;
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
