using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// An evaluation that lives in a report directory, as <c>mtlattack attack</c> and <c>mtlattack study</c> run it:
/// finished batches journalled in <c>progress.jsonl</c> under a fingerprint of the model's bytes, the dataset and the
/// settings (a rerun resumes; a journal of another evaluation is refused), then report.json, .csv, .md and .html.
/// </summary>
public sealed class ReportDirectoryEvaluation
{
    public const string ProgressFileName = "progress.jsonl";
    public const string JsonFileName = "report.json";

    private readonly AttackableModel model;
    private readonly IReadOnlyList<VisionTask> tasks;
    private readonly string datasetSpec;

    private ReportDirectoryEvaluation(AttackableModel model, IReadOnlyList<VisionTask> tasks, string datasetSpec, RobustnessEvaluator evaluator,
        string directory, string modelHash)
    {
        this.model = model;
        this.tasks = tasks;
        this.datasetSpec = datasetSpec;
        Evaluator = evaluator;
        Directory = directory;
        ModelHash = modelHash;
        Checkpoint = new EvaluationCheckpoint(Path.Combine(directory, ProgressFileName), EvaluationCheckpoint.Fingerprint(modelHash, datasetSpec, evaluator.Settings));
        // Throws InvalidOperationException when the journal belongs to another evaluation.
        Saved = Checkpoint.LoadOrCreate();
    }

    public RobustnessEvaluator Evaluator { get; }

    /// <summary>Full path of the report directory.</summary>
    public string Directory { get; }

    public string ModelHash { get; }

    public EvaluationCheckpoint Checkpoint { get; }

    /// <summary>What the journal held when this evaluation was prepared.</summary>
    public EvaluationResult Saved { get; }

    public int BatchesTotal => Evaluator.BatchCount * (Evaluator.Cells.Count + 1);

    public int BatchesDone => Saved.BatchesDone;

    /// <summary>
    /// Plans the evaluation of <paramref name="model"/> and reads the directory's journal. Throws ArgumentException for
    /// settings the evaluator refuses, InvalidOperationException for a journal of another evaluation.
    /// </summary>
    public static ReportDirectoryEvaluation Prepare(AttackableModel model, IReadOnlyList<VisionTask> tasks, IMultiTaskDataset dataset, DatasetSpec datasetSpec,
        EvaluationSettings settings, torch.Device device, string reportDirectory, EvaluationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(datasetSpec);
        var evaluator = new RobustnessEvaluator(model.Target(tasks), dataset, settings, device, limits);
        return new ReportDirectoryEvaluation(model, tasks, datasetSpec.ToString(), evaluator, Path.GetFullPath(reportDirectory), ModelContentHash.Of(model));
    }

    /// <summary>Runs the batches the journal lacks and returns the merged result.</summary>
    public EvaluationResult Run(IProgress<EvaluationProgress>? progress, CancellationToken cancellation) =>
        EvaluationRunner.Run(Evaluator, Checkpoint, progress, cancellation);

    /// <summary>Builds the report of a finished result and writes it to the directory.</summary>
    public RobustnessReport WriteReport(EvaluationResult result)
    {
        var report = RobustnessReport.Build(model.Directory, datasetSpec, tasks, result, Evaluator.Settings.Protocol);
        ReportWriter.Write(Directory, report);
        return report;
    }
}
