using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Study;

/// <summary>
/// Four models with reports written by hand (two tasks a and b, pgd at eps 4), plus cells and matrices of objectives,
/// algorithms and epsilons the study did not ask for, which must not count. The answers' expected numbers are worked
/// out by hand in <see cref="StudyAnswersTests"/>.
/// </summary>
public static class HandMadeStudy
{
    public static readonly StudySettings Settings = new() { Algorithms = ["pgd"], Epsilons = [4] };

    public static IReadOnlyList<StudyModelReport> Models() =>
    [
        Model("shared-clean", 0, 1.0, null, 0.5, [[0.30, 0.10], [0.20, 0.40]], total: (0.20, 1.0), signsum: (0.10, 0.5), dgba: (0.15, 1.5)),
        Model("middle-clean", 7, 0.5, null, 0.6, [[0.30, 0.06], [0.14, 0.40]], total: (0.20, 1.0), signsum: (0.10, 0.5), dgba: (0.26, 1.2)),
        Model("independent-clean", 50, 0.0, null, 0.7, [[0.30, 0.02], [0.08, 0.40]], total: (0.12, 0.6), signsum: (0.12, 0.4), dgba: (0.09, 0.9)),
        Model("shared-adversarial-total", 0, 1.0, "total", 0.4, [[0.10, 0.04], [0.06, 0.20]], total: (0.05, 0.2), signsum: (0.04, 0.1), dgba: (0.06, 0.3)),
    ];

    private static StudyModelReport Model(string name, long layoutIndex, double sharing, string? adversarialObjective, double cleanScore,
        double[][] transfer, (double Drop, double Loss) total, (double Drop, double Loss) signsum, (double Drop, double Loss) dgba)
    {
        string[] tasks = ["a", "b"];
        var cells = new List<CellReport>
        {
            Single("pgd", 4, "a", tasks, transfer[0]),
            Single("pgd", 4, "b", tasks, transfer[1]),
            Cell("pgd", "total", 4, total),
            Cell("pgd", "signsum", 4, signsum),
            Cell("pgd", "dgba", 4, dgba),
            // Not the study's: another objective, another algorithm, another epsilon. Each would win every count.
            Cell("pgd", "noise", 4, (0.9, 9)),
            Cell("ensemble", "dgba", 4, (0.9, 9)),
            Cell("pgd", "total", 16, (0.9, 9)),
        };
        var matrices = new List<TransferMatrix>
        {
            new("pgd", 4, tasks, transfer),
            new("ensemble", 4, tasks, [[0.9, 0.9], [0.9, 0.9]]),
            new("pgd", 16, tasks, [[0.9, 0.9], [0.9, 0.9]]),
        };
        var clean = tasks.ToDictionary(t => t, _ => new TaskMeasurement(1, new Dictionary<string, double> { ["m"] = 1 }));
        var report = new RobustnessReport(name, "synthetic", tasks, clean, cells, matrices);
        var training = adversarialObjective is null ? StudyModelPlan.Clean : $"adversarial-{adversarialObjective}";
        var model = new StudiedModel(name, new ChosenLayout(layoutIndex, $"layout {layoutIndex}", sharing), training, adversarialObjective,
            new CleanScores(1, new Dictionary<string, HeadlineMetric>(), cleanScore), $"models/{name}/report", StudyCells.Summarize(report, Settings));
        return new StudyModelReport(model, report);
    }

    private static CellReport Single(string algorithm, double epsilon, string task, string[] tasks, double[] drops) =>
        new(algorithm, $"single({task})", epsilon, drops.Average(), 2 * drops.Average(),
            tasks.Select((t, i) => (t, Effect(drops[i], 2 * drops[i]))).ToDictionary(p => p.t, p => p.Item2));

    private static CellReport Cell(string algorithm, string objective, double epsilon, (double Drop, double Loss) average) =>
        new(algorithm, objective, epsilon, average.Drop, average.Loss,
            new Dictionary<string, TaskEffect> { ["a"] = Effect(average.Drop, average.Loss), ["b"] = Effect(average.Drop, average.Loss) });

    private static TaskEffect Effect(double drop, double lossChange) =>
        new(drop, lossChange, 1 + lossChange, new Dictionary<string, double> { ["m"] = 1 - drop }, new Dictionary<string, double> { ["m"] = -drop });
}
