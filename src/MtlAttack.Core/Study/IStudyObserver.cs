using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Study;

/// <summary>
/// What a running study tells its caller, in order, on the study's thread: the plan, then per model its training (or
/// that a finished one is reused) and its attacks (or that its report is reused), then the finished model.
/// </summary>
public interface IStudyObserver
{
    void Planned(IReadOnlyList<StudyModelPlan> plans, IReadOnlyList<StudiedModel> reused);

    /// <summary>Training of model <paramref name="number"/> (1-based) starts; the returned progress receives every batch.</summary>
    IProgress<TrainingProgress>? Training(StudyModelPlan plan, int number, int count, bool resumed);

    /// <summary>Attacking starts (the journal may hold some batches already); the returned progress receives every batch.</summary>
    IProgress<EvaluationProgress>? Attacking(StudyModelPlan plan, int number, int count, ReportDirectoryEvaluation evaluation);

    void Finished(StudiedModel model, int number, int count, bool trained, bool attacked);
}
