using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Eval;

/// <summary>The clean metrics of a model on one split, as <c>eval --json</c> writes them.</summary>
/// <param name="Tasks">Per task: mean per-sample loss and every metric, merged exactly over the split.</param>
public sealed record CleanEvaluation(
    string Model,
    string Dataset,
    string Split,
    int Samples,
    IReadOnlyDictionary<string, TaskMeasurement> Tasks)
{
    /// <summary>The model's tasks as <paramref name="protocol"/> scores them (the reference's metrics and losses, or ours).</summary>
    public static IReadOnlyList<VisionTask> TasksUnder(IReadOnlyList<VisionTask> tasks, EvaluationProtocol protocol) =>
        protocol == EvaluationProtocol.Reference ? ReferenceTask.Wrap(tasks) : tasks;

    public static CleanEvaluation Run(ModelSession session, string split, IReadOnlyList<VisionTask> scoredTasks, int batchSize, CancellationToken cancellation)
    {
        var model = session.Model;
        var scores = SplitScorer.Score(session.Dataset, split, scoredTasks, batchSize,
            batch => model.Forward(batch.Images), session.Device, cancellation);
        var tasks = scoredTasks.ToDictionary(t => t.Name, t => new TaskMeasurement(scores.Losses[t.Name], scores.Metrics[t.Name]));
        return new CleanEvaluation(session.Model.Directory, session.DatasetSpec.ToString(), split, scores.Samples, tasks);
    }
}
