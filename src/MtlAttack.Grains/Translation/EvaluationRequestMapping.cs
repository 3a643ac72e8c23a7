using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Translation;

/// <summary>
/// Maps the wire DTOs to Core and back, and builds the evaluator a model grain plans with and an attack grain runs.
/// Validation is Core's own (EvaluationSettings.Validate, AttackBudget, AttackCatalog, the evaluator's checks); this
/// class only translates.
/// </summary>
public static class EvaluationRequestMapping
{
    public static EvaluationSettings Settings(EvaluationRequest request) => new()
    {
        Algorithms = request.Algorithms ?? [],
        Objectives = request.Objectives ?? [],
        Epsilons = request.Epsilons ?? [],
        Steps = request.Steps,
        RandomStart = request.RandomStart,
        Restarts = request.Restarts,
        Split = request.Split,
        BatchSize = request.BatchSize,
        MaxSamples = request.MaxSamples,
        Seed = request.Seed,
    };

    /// <summary>
    /// The checks that need no model: the lists' lengths against <paramref name="limits"/> (when given: a plan already
    /// accepted is not checked again), settings, epsilons, names and the dataset SPEC's syntax.
    /// </summary>
    public static void ValidateRequest(EvaluationRequest request, EvaluationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        BoundaryErrors.Guard(() =>
        {
            limits?.CheckSettings(Settings(request));
            ModelKey.ValidateName(request.Model.Tenant, "tenant");
            ModelKey.ValidateName(request.Model.Model, "model");
            Settings(request).Validate();
            DatasetSpec.Parse(request.Dataset);
            if (request.SaveAdversarial is < 0 or > EvaluationRequest.MaxSaveAdversarial)
                throw new ArgumentException($"saveAdversarial is {request.SaveAdversarial}; ask for 0 (none) to {EvaluationRequest.MaxSaveAdversarial} examples per cell.");
            if (request.SaveAdversarial > 0 && string.IsNullOrWhiteSpace(request.ReportDirectory))
                throw new ArgumentException("Saving adversarial examples needs a report directory to write them to; give one, or ask for none.");
            return 0;
        });
    }

    /// <summary>
    /// An evaluator for <paramref name="request"/> against <paramref name="model"/> (native or TorchScript: one path):
    /// the dataset must score every head, and the plan fit <paramref name="limits"/> when given (counted before it is built).
    /// </summary>
    public static RobustnessEvaluator CreateEvaluator(AttackableModel model, EvaluationRequest request, Device device, EvaluationLimits? limits = null) =>
        BoundaryErrors.Guard(() =>
        {
            var dataset = DatasetFactory.Open(request.Dataset);
            if (!dataset.Splits.Contains(request.Split))
                throw new ArgumentException($"The dataset {dataset.Description} has no split '{request.Split}'; it has {string.Join(", ", dataset.Splits)}.");
            var target = model.Target(model.TasksFor(dataset));
            return new RobustnessEvaluator(target, dataset, Settings(request), device, limits);
        });

    /// <summary>
    /// Writes the first <see cref="EvaluationRequest.SaveAdversarial"/> adversarial examples of every cell to the
    /// report directory, as the CLI's <c>--save-adversarial</c> does (Core's <see cref="AdversarialExport"/>: cells
    /// already written with the same metadata are skipped, so a resumed evaluation does not redo them). Returns the
    /// examples per cell.
    /// </summary>
    public static int ExportAdversarial(RobustnessEvaluator evaluator, AttackableModel model, AttackAssignment assignment, CancellationToken cancellationToken = default) =>
        BoundaryErrors.Guard(() =>
        {
            var request = assignment.Request;
            var metadata = AdversarialExport.Provenance(assignment.Model.Key.ToString(), ModelContentHash.Of(model), request.Dataset, evaluator.Settings);
            return AdversarialExport.Export(evaluator, DatasetFactory.Open(request.Dataset), request.ReportDirectory!, request.SaveAdversarial,
                metadata, cancellationToken: cancellationToken);
        });

    public static EvaluationPlan Plan(RobustnessEvaluator evaluator) =>
        new(evaluator.Cells.Select(ToDescriptor).ToList(), evaluator.BatchCount, evaluator.Target.Tasks.Select(t => t.Name).ToList());

    public static CellDescriptor ToDescriptor(EvaluationCell cell) => new(cell.Algorithm, cell.Objective, cell.Epsilon);

    public static EvaluationCell? ToCell(CellDescriptor? cell) => cell is null ? null : new EvaluationCell(cell.Algorithm, cell.Objective, cell.Epsilon);

    /// <summary>A work item's identity: the cell's key (or "clean") and the batch index.</summary>
    public static string KeyOf(WorkItem item) => $"{ToCell(item.Cell)?.Key ?? "clean"}#{item.Batch}";

    public static BatchStatistics ToData(WorkItem item, CellStatistics statistics) =>
        new(item, ToData(statistics.Tasks), statistics.Trace is { } t ? ToData(t) : null,
            statistics.Baselines.Count == 0 ? null : statistics.Baselines.Values.Select(b => new BaselineData(ToDescriptor(b.Cell), ToData(b.Tasks))).ToList(),
            statistics.Goals.Count == 0 ? null : statistics.Goals.ToDictionary(g => g.Key, g => new GoalData(
                g.Value.CleanLossSum, g.Value.AttackedLossSum, g.Value.CleanPixelsAtGoal, g.Value.AttackedPixelsAtGoal, g.Value.Samples, g.Value.ScoredPixels)));

    public static CellStatistics FromData(BatchStatistics batch) => new()
    {
        Tasks = FromData(batch.Tasks),
        Trace = batch.Trace is { } t ? FromData(t) : null,
        Baselines = (batch.Baselines ?? []).Select(b => new BaselineStatistics { Cell = ToCell(b.Cell)!, Tasks = FromData(b.Tasks) })
            .ToDictionary(b => b.Cell.Key),
        Goals = (batch.Goals ?? new Dictionary<string, GoalData>()).ToDictionary(g => g.Key, g => new GoalStatistics(
            g.Value.CleanLossSum, g.Value.AttackedLossSum, g.Value.CleanPixelsAtGoal, g.Value.AttackedPixelsAtGoal, g.Value.Samples, g.Value.ScoredPixels)),
    };

    private static Dictionary<string, TaskStatisticsData> ToData(Dictionary<string, TaskStatistics> tasks) =>
        tasks.ToDictionary(kv => kv.Key, kv => new TaskStatisticsData((double[])kv.Value.MetricState.Clone(), kv.Value.LossSum, kv.Value.Samples,
            kv.Value.ZeroGradientSamples, kv.Value.NonFiniteGradientSamples));

    private static Dictionary<string, TaskStatistics> FromData(IReadOnlyDictionary<string, TaskStatisticsData> tasks) =>
        tasks.ToDictionary(kv => kv.Key, kv => new TaskStatistics
        {
            MetricState = (double[])kv.Value.MetricState.Clone(),
            LossSum = kv.Value.LossSum,
            Samples = kv.Value.Samples,
            ZeroGradientSamples = kv.Value.ZeroGradientSamples,
            NonFiniteGradientSamples = kv.Value.NonFiniteGradientSamples,
        });

    private static TraceData ToData(TraceStatistics trace) =>
        new(trace.StepLossSums.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone()), (long[])trace.StepSamples.Clone(),
            trace.Samples, trace.NotIncreasing, trace.ZeroDirection, trace.NonFinite);

    private static TraceStatistics FromData(TraceData trace) => new()
    {
        StepLossSums = trace.StepLossSums.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone()),
        StepSamples = (long[])trace.StepSamples.Clone(),
        Samples = trace.Samples,
        NotIncreasing = trace.NotIncreasing,
        ZeroDirection = trace.ZeroDirection,
        NonFinite = trace.NonFinite,
    };

    /// <summary>Merges finished batches into Core's result, cells in plan order; a batch listed twice is counted once.</summary>
    public static EvaluationResult Merge(EvaluationPlan plan, IEnumerable<BatchStatistics> batches)
    {
        var result = new EvaluationResult();
        foreach (var cell in plan.Cells.Select(ToCell))
            result.Cells[cell!.Key] = new CellResult { Cell = cell };
        foreach (var batch in batches)
            EvaluationCheckpoint.Record(result, ToCell(batch.Item.Cell), batch.Item.Batch, FromData(batch));
        return result;
    }

    /// <summary>
    /// The same report the CLI builds, dataset named by its SPEC's text form as the caller gave it
    /// (<paramref name="datasetAsGiven"/>; the request's when null); the model by its key (<c>tenant/model</c>), which is
    /// what the service's callers know it by (the CLI names its checkpoint folder, here a server-side path).
    /// </summary>
    public static RobustnessReport BuildReport(ModelRegistration model, EvaluationRequest request, EvaluationPlan plan, EvaluationResult result,
        string? datasetAsGiven = null) =>
        BoundaryErrors.Guard(() =>
        {
            var spec = DatasetSpec.Parse(request.Dataset);
            var dataset = DatasetFactory.Open(spec);
            var tasks = plan.Tasks.Select(name => dataset.Tasks.First(t => t.Name == name)).ToList();
            string name = datasetAsGiven is null ? spec.ToString() : DatasetSpec.Parse(datasetAsGiven).ToString();
            return RobustnessReport.Build(model.Key.ToString(), name, tasks, result);
        });

    /// <summary>A stored report.json in one of the CLI's three formats.</summary>
    public static string FormatReport(string reportJson, string format) => format.Trim().ToLowerInvariant() switch
    {
        "json" => reportJson,
        "csv" => ReportWriter.ToCsv(ReportWriter.FromJson(reportJson)),
        "md" or "markdown" => ReportWriter.ToMarkdown(ReportWriter.FromJson(reportJson)),
        "html" => ReportWriter.ToHtml(ReportWriter.FromJson(reportJson)),
        _ => throw new MtlAttackException($"Unknown report format '{format}': use json, csv, md or html."),
    };

    /// <summary>Every cell of a stored report.json: average and per-task relative drop, in the report's order.</summary>
    public static IReadOnlyList<CellSummary> Summarize(string reportJson) =>
        ReportWriter.FromJson(reportJson).Cells
            .Select(c => new CellSummary(new CellDescriptor(c.Algorithm, c.Objective, c.Epsilon), c.AvgRelativeDrop,
                c.Tasks.ToDictionary(t => t.Key, t => t.Value.RelativeDrop)))
            .ToList();
}
