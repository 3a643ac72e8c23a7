using System.Text.Json.Serialization;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;

namespace MtlAttack.Core.Evaluation;

/// <summary>One task's loss and metrics on some images.</summary>
public sealed record TaskMeasurement(double Loss, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// What an attack did to one task. Relative change of a metric is (v - b) / b when higher is better and
/// (b - v) / b when lower is better (negative = degraded); the task's relative drop is minus the mean over its metrics.
/// </summary>
public sealed record TaskEffect(
    double RelativeDrop,
    double RelativeLossChange,
    double Loss,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> MetricRelativeChange);

/// <summary>
/// One cell's effect. <see cref="Diagnostics"/>: null for the noise baselines and in reports written before diagnostics
/// existed. <see cref="Goals"/>: a targeted cell's goals by task (<see cref="GoalEffect"/>), null for every other cell.
/// </summary>
public sealed record CellReport(
    string Algorithm,
    string Objective,
    double Epsilon,
    double AvgRelativeDrop,
    double AvgRelativeLossChange,
    IReadOnlyDictionary<string, TaskEffect> Tasks,
    CellDiagnostics? Diagnostics = null,
    IReadOnlyDictionary<string, GoalEffect>? Goals = null);

/// <summary>Rows: the task a single-task attack aimed at; columns: every task's relative drop. Diagonal = direct effect.</summary>
public sealed record TransferMatrix(string Algorithm, double Epsilon, IReadOnlyList<string> Tasks, double[][] RelativeDrop);

/// <summary>
/// The robustness report of one model on one dataset: clean baseline, every cell, transfer matrices; the random-noise
/// baseline cells (<see cref="Noise"/>, apart from <see cref="Cells"/> so that consumers of the attack cells see only
/// attacks) and the report-wide diagnostics of the clean point (<see cref="CleanFlags"/>). Both are empty in reports
/// written before they existed.
/// </summary>
public sealed record RobustnessReport(
    string Model,
    string Dataset,
    IReadOnlyList<string> TaskOrder,
    IReadOnlyDictionary<string, TaskMeasurement> Clean,
    IReadOnlyList<CellReport> Cells,
    IReadOnlyList<TransferMatrix> Transfer,
    IReadOnlyList<CellReport>? Noise = null,
    IReadOnlyList<DiagnosticFlag>? CleanFlags = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Protocol = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Notes = null)
{
    /// <summary>
    /// The report of <paramref name="result"/>. Under the reference <paramref name="protocol"/> the tasks are scored by
    /// the reference's rules (<see cref="ReferenceTask"/>; tasks given already wrapped are fine) and the report names the
    /// protocol and its quirks (<see cref="Notes"/>); under ours neither field is written, so the report is what it was
    /// before protocols existed.
    /// </summary>
    public static RobustnessReport Build(string model, string dataset, IReadOnlyList<VisionTask> tasks, EvaluationResult result,
        EvaluationProtocol protocol = EvaluationProtocol.Ours)
    {
        bool reference = protocol == EvaluationProtocol.Reference;
        if (reference) tasks = ReferenceTask.Wrap(tasks);
        var clean = tasks.ToDictionary(t => t.Name, t => Measure(t, result.Clean.Tasks[t.Name]));
        var noise = result.Clean.Baselines.Values
            .Select(b => BuildCell(tasks, clean, new CellResult { Cell = b.Cell, Statistics = new CellStatistics { Tasks = b.Tasks } }))
            .ToList();
        var noiseByKey = noise.ToDictionary(n => KeyOf(n));
        var cleanFlags = CellDiagnostics.CleanFlags(tasks.Select(t => t.Name).ToList(), result.Clean);
        var cells = result.Cells.Values
            .Select(c =>
            {
                var cell = BuildCell(tasks, clean, c);
                var noiseCell = NoiseKeyOf(c.Cell) is { } key ? noiseByKey.GetValueOrDefault(key) : null;
                return cell with
                {
                    Diagnostics = CellDiagnostics.Of(cell, c.Statistics.Trace, noiseCell, cleanFlags),
                    Goals = c.Statistics.Goals.Count == 0 ? null : c.Statistics.Goals.ToDictionary(g => g.Key, g => g.Value.Effect()),
                };
            })
            .ToList();
        var taskOrder = tasks.Select(t => t.Name).ToList();
        return new RobustnessReport(model, dataset, taskOrder, clean, cells, BuildTransfer(tasks, cells), noise, cleanFlags,
            reference ? EvaluationProtocols.NameOf(protocol) : null, reference ? ReferenceQuirks.For(taskOrder) : null);
    }

    /// <summary>The protocol the report was written under (<see cref="Protocol"/>; ours when absent).</summary>
    [JsonIgnore]
    public EvaluationProtocol ProtocolKind => EvaluationProtocols.Parse(Protocol);

    /// <summary>The noise baselines (never null: empty for an older report).</summary>
    [JsonIgnore]
    public IReadOnlyList<CellReport> NoiseCells => Noise ?? [];

    /// <summary>The noise cell an attack cell compares with in this report, if it has one.</summary>
    public CellReport? NoiseFor(CellReport cell) =>
        NoiseKeyOf(new EvaluationCell(cell.Algorithm, cell.Objective, cell.Epsilon)) is { } key ? NoiseCells.FirstOrDefault(n => KeyOf(n) == key) : null;

    private static string KeyOf(CellReport cell) => new EvaluationCell(cell.Algorithm, cell.Objective, cell.Epsilon).Key;

    /// <summary>Null when the algorithm is not one this version knows (a report from elsewhere).</summary>
    private static string? NoiseKeyOf(EvaluationCell cell)
    {
        try { return NoiseBaseline.For(cell).Key; }
        catch (ArgumentException) { return null; }
    }

    private static TaskMeasurement Measure(VisionTask task, TaskStatistics statistics)
    {
        var accumulator = task.CreateAccumulator();
        accumulator.Merge(statistics.MetricState);
        return new TaskMeasurement(statistics.MeanLoss, accumulator.Compute());
    }

    private static CellReport BuildCell(IReadOnlyList<VisionTask> tasks, Dictionary<string, TaskMeasurement> clean, CellResult cell)
    {
        var effects = new Dictionary<string, TaskEffect>();
        foreach (var task in tasks)
        {
            var attacked = Measure(task, cell.Statistics.Tasks[task.Name]);
            var baseline = clean[task.Name];
            var changes = task.Metrics.ToDictionary(m => m.Name, m => m.RelativeChange(baseline.Metrics[m.Name], attacked.Metrics[m.Name]));
            double relativeDrop = -MeanOfFinite(changes.Values);
            double lossChange = baseline.Loss == 0 ? double.NaN : (attacked.Loss - baseline.Loss) / baseline.Loss;
            effects[task.Name] = new TaskEffect(relativeDrop, lossChange, attacked.Loss, attacked.Metrics, changes);
        }
        return new CellReport(cell.Cell.Algorithm, cell.Cell.Objective, cell.Cell.Epsilon,
            MeanOfFinite(effects.Values.Select(e => e.RelativeDrop)),
            MeanOfFinite(effects.Values.Select(e => e.RelativeLossChange)),
            effects);
    }

    private static IReadOnlyList<TransferMatrix> BuildTransfer(IReadOnlyList<VisionTask> tasks, IReadOnlyList<CellReport> cells)
    {
        var names = tasks.Select(t => t.Name).ToList();
        var matrices = new List<TransferMatrix>();
        var singles = cells.Where(c => new EvaluationCell(c.Algorithm, c.Objective, c.Epsilon).SingleTask != null);
        foreach (var group in singles.GroupBy(c => (c.Algorithm, c.Epsilon)))
        {
            var bySource = group.ToDictionary(c => new EvaluationCell(c.Algorithm, c.Objective, c.Epsilon).SingleTask!);
            if (!names.All(bySource.ContainsKey)) continue;
            var rows = names.Select(source => names.Select(target => bySource[source].Tasks[target].RelativeDrop).ToArray()).ToArray();
            matrices.Add(new TransferMatrix(group.Key.Algorithm, group.Key.Epsilon, names, rows));
        }
        return matrices;
    }

    private static double MeanOfFinite(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }
}
