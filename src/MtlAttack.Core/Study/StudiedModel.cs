namespace MtlAttack.Core.Study;

/// <summary>A task's headline metric (its first: mIoU, mean angle, absolute depth error).</summary>
public sealed record HeadlineMetric(string Metric, double Value, bool HigherIsBetter);

/// <summary>
/// A model's clean quality on the whole test split, from its best epoch's validation: each task's headline metric and
/// <see cref="Score"/>, the <see cref="CleanSkill"/> against the trivial baseline (<see cref="Training.TrivialBaselines"/>:
/// 1 = perfect, 0 = no better than predicting a constant).
/// </summary>
public sealed record CleanScores(int BestEpoch, IReadOnlyDictionary<string, HeadlineMetric> Headlines, double Score);

/// <summary>One objective's mean effect over the study's cells of a report (fractions: 0.25 = 25%).</summary>
public sealed record ObjectiveEffect(double MeanRelativeDrop, double MeanRelativeLossChange);

/// <summary>
/// A report's summary numbers over the cells the study asked for: the single-task attacks' mean drop of their own task
/// (<see cref="OwnDrop"/>, the transfer matrices' diagonals) and of the other tasks (<see cref="TransferDrop"/>, their
/// off-diagonals), the mean average drop under the multi-task objectives (<see cref="MultiTaskDrop"/>: lower is more
/// robust), and each objective's mean drop and loss change.
/// </summary>
public sealed record ReportSummary(
    double OwnDrop,
    double TransferDrop,
    double MultiTaskDrop,
    IReadOnlyDictionary<string, ObjectiveEffect> Objectives);

/// <summary>One trained and attacked model of a study, as study.json records it.</summary>
public sealed record StudiedModel(
    string Name,
    ChosenLayout Layout,
    string Training,
    string? AdversarialObjective,
    CleanScores Clean,
    string Report,
    ReportSummary Summary);
