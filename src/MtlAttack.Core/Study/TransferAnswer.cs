using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Study;

/// <summary>What single-task attacks do to the task they aim at and to the others, on the clean models.</summary>
public sealed record TaskTransfer(string Task, double Own, double Others);

/// <summary>One model's mean off-diagonal drop of the single-task attacks, at its layout's sharing degree.</summary>
public sealed record SharingPoint(string Model, long LayoutIndex, double Sharing, string Training, double TransferDrop);

/// <summary>
/// Question 1: how much each single-task attack hurts its own task and transfers to the others (mean of the transfer
/// matrices' diagonals and off-diagonals over the study's algorithms and epsilons, clean models), and how the
/// transfer moves with the sharing degree (Pearson's r over the clean models' layouts).
/// </summary>
public sealed record TransferAnswer(
    double OwnDrop,
    double TransferDrop,
    IReadOnlyList<TaskTransfer> Tasks,
    IReadOnlyList<SharingPoint> BySharing,
    double SharingCorrelation)
{
    public static TransferAnswer Compute(IReadOnlyList<StudyModelReport> models, StudySettings settings)
    {
        var clean = models.Where(m => m.Model.AdversarialObjective is null).ToList();
        var matrices = clean.SelectMany(m => StudyCells.Transfer(m.Report, settings)).ToList();
        var tasks = matrices.SelectMany(m => m.Tasks).Distinct().Select(task => new TaskTransfer(task,
            StudyCells.Mean(matrices.Select(m => Row(m, task).Own)),
            StudyCells.Mean(matrices.Select(m => Row(m, task).Others)))).ToList();
        var points = models.Select(m => new SharingPoint(m.Model.Name, m.Model.Layout.Index, m.Model.Layout.Sharing, m.Model.Training, m.Model.Summary.TransferDrop)).ToList();
        return new TransferAnswer(
            StudyCells.Mean(clean.Select(m => m.Model.Summary.OwnDrop)),
            StudyCells.Mean(clean.Select(m => m.Model.Summary.TransferDrop)),
            tasks, points,
            StudyCells.Correlation(points.Where(p => p.Training == StudyModelPlan.Clean).Select(p => (p.Sharing, p.TransferDrop))));
    }

    /// <summary>The drop a <c>single(task)</c> attack causes on its own task, and its mean drop of the others.</summary>
    private static (double Own, double Others) Row(TransferMatrix matrix, string task)
    {
        int r = matrix.Tasks.ToList().IndexOf(task);
        if (r < 0) return (double.NaN, double.NaN);
        return (matrix.RelativeDrop[r][r], StudyCells.Mean(matrix.RelativeDrop[r].Where((_, c) => c != r)));
    }

    public IReadOnlyList<string> Lines()
    {
        var clean = BySharing.Where(p => p.Training == StudyModelPlan.Clean).OrderByDescending(p => p.Sharing).ToList();
        return
        [
            $"Single-task attacks on the clean models drop the task they aim at by {P(OwnDrop)}% on average and each other task by {P(TransferDrop)}% " +
            $"(transfer / own = {Ratio(TransferDrop, OwnDrop)}).",
            "Per attacked task (own drop; mean drop of the others): " + string.Join("; ", Tasks.Select(t => $"{t.Task} {P(t.Own)}%, {P(t.Others)}%")) + ".",
            "Transfer against sharing degree (clean models, shared to independent): " +
            string.Join(", ", clean.Select(p => $"{P(p.TransferDrop)}% at {Reporting.ReportNumbers.Value(p.Sharing)}")) +
            $"; Pearson r = {R(SharingCorrelation)} over {clean.Count} layouts ({Direction(SharingCorrelation)}).",
        ];
    }

    internal static string P(double fraction) => Reporting.ReportNumbers.Percent(fraction);

    internal static string R(double r) => double.IsFinite(r) ? r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "undefined";

    internal static string Ratio(double a, double b) => b != 0 && double.IsFinite(a / b) ? (a / b).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "undefined";

    private static string Direction(double r) =>
        !double.IsFinite(r) ? "too few layouts or no spread to say"
        : r > 0 ? "more sharing, more transfer" : r < 0 ? "more sharing, less transfer" : "no linear relation";
}
