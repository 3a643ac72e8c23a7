using static MtlAttack.Core.Study.TransferAnswer;

namespace MtlAttack.Core.Study;

/// <summary>One model on the accuracy/robustness plane.</summary>
public sealed record TradeoffPoint(string Model, long LayoutIndex, double Sharing, string Training, double CleanScore, double MultiTaskDrop);

/// <summary>Means over the models of one training kind.</summary>
public sealed record TrainingMeans(string Training, int Models, double CleanScore, double MultiTaskDrop);

/// <summary>An adversarial training against the clean one, layout by layout: mean changes and how many layouts became more robust.</summary>
public sealed record AdversarialEffect(string Training, int Layouts, double CleanScoreChange, double MultiTaskDropChange, int MoreRobust);

/// <summary>
/// Question 3: sharing and adversarial training against clean quality and robustness. Clean quality is
/// <see cref="CleanScores.Score"/>; robustness is read off <see cref="ReportSummary.MultiTaskDrop"/> (the mean
/// average drop under the study's multi-task attacks: lower is more robust).
/// </summary>
public sealed record TradeoffAnswer(
    IReadOnlyList<TradeoffPoint> Points,
    IReadOnlyList<TrainingMeans> ByTraining,
    IReadOnlyList<AdversarialEffect> Adversarial,
    double SharingDropCorrelation,
    double SharingCleanCorrelation)
{
    public static TradeoffAnswer Compute(IReadOnlyList<StudyModelReport> models)
    {
        var points = models.Select(m => new TradeoffPoint(m.Model.Name, m.Model.Layout.Index, m.Model.Layout.Sharing, m.Model.Training,
            m.Model.Clean.Score, m.Model.Summary.MultiTaskDrop)).ToList();
        var trainings = points.Select(p => p.Training).Distinct().ToList();
        var means = trainings.Select(t => points.Where(p => p.Training == t).ToList())
            .Select(g => new TrainingMeans(g[0].Training, g.Count, StudyCells.Mean(g.Select(p => p.CleanScore)), StudyCells.Mean(g.Select(p => p.MultiTaskDrop))))
            .ToList();
        var clean = points.Where(p => p.Training == StudyModelPlan.Clean).ToDictionary(p => p.LayoutIndex);
        var adversarial = trainings.Where(t => t != StudyModelPlan.Clean).Select(t =>
        {
            var pairs = points.Where(p => p.Training == t && clean.ContainsKey(p.LayoutIndex)).Select(p => (Adversarial: p, Clean: clean[p.LayoutIndex])).ToList();
            return new AdversarialEffect(t, pairs.Count,
                StudyCells.Mean(pairs.Select(p => p.Adversarial.CleanScore - p.Clean.CleanScore)),
                StudyCells.Mean(pairs.Select(p => p.Adversarial.MultiTaskDrop - p.Clean.MultiTaskDrop)),
                pairs.Count(p => p.Adversarial.MultiTaskDrop < p.Clean.MultiTaskDrop));
        }).ToList();
        return new TradeoffAnswer(points, means, adversarial,
            StudyCells.Correlation(clean.Values.Select(p => (p.Sharing, p.MultiTaskDrop))),
            StudyCells.Correlation(clean.Values.Select(p => (p.Sharing, p.CleanScore))));
    }

    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            "Clean score (mean over tasks of the fraction of the gap from the trivial baseline's headline metric to a perfect one that the model closes) and mean drop under the multi-task attacks, per training: " +
            string.Join("; ", ByTraining.Select(m => $"{m.Training} ({m.Models} models) clean {P(m.CleanScore)}%, drop {P(m.MultiTaskDrop)}%")) + ".",
        };
        foreach (var a in Adversarial)
            lines.Add($"{a.Training} against clean, layout by layout: clean score {Signed(a.CleanScoreChange)} points, drop under attack {Signed(a.MultiTaskDropChange)} points; " +
                      $"more robust on {a.MoreRobust} of {a.Layouts} layouts.");
        lines.Add($"Sharing degree against robustness (clean models): Pearson r = {R(SharingDropCorrelation)} with the drop under attack " +
                  $"(positive: more sharing, larger drop) and r = {R(SharingCleanCorrelation)} with the clean score.");
        return lines;
    }

    private static string Signed(double fraction) => double.IsFinite(fraction) ? (fraction >= 0 ? "+" : "-") + P(Math.Abs(fraction)) : "undefined";
}
