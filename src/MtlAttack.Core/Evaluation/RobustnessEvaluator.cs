using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Telemetry;
using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// Runs the clean baseline and the attack cells over a dataset split, batch by batch. A batch is the unit of
/// work (the service's attack grains run the same <see cref="EvaluateBatch"/>); its statistics merge exactly.
/// </summary>
public sealed class RobustnessEvaluator
{
    private readonly MultiTaskLoader loader;

    /// <param name="limits">
    /// When given, the evaluation's size is checked against them before anything is planned: list lengths first, then
    /// the counts of cells and batches (<see cref="EvaluationLimitException"/>).
    /// </param>
    public RobustnessEvaluator(AttackTarget target, IMultiTaskDataset dataset, EvaluationSettings settings, Device? device = null,
        EvaluationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        limits?.CheckSettings(settings);
        settings.Validate();
        Target = target;
        Settings = settings;
        Device = device ?? CPU;
        foreach (var task in target.Tasks)
            if (!dataset.Tasks.Any(t => t.Name == task.Name))
                throw new ArgumentException($"The dataset {dataset.Description} has no targets for the model's task '{task.Name}'.");
        loader = new MultiTaskLoader(dataset, settings.Split, settings.BatchSize, shuffle: false, augment: false, seed: settings.Seed);
        int samples = Math.Min(loader.SampleCount, settings.MaxSamples ?? int.MaxValue);
        BatchCount = (samples + settings.BatchSize - 1) / settings.BatchSize;
        var axes = CellAxes.Of(target, settings);
        limits?.CheckPlan(axes.CellCount, BatchCount);
        Cells = axes.Cells();
    }

    public AttackTarget Target { get; }
    public EvaluationSettings Settings { get; }
    public Device Device { get; }

    /// <summary>Batches evaluated per cell: the first ceil(MaxSamples / BatchSize) batches of the split, or all.</summary>
    public int BatchCount { get; }

    public IReadOnlyList<EvaluationCell> Cells { get; }

    /// <summary>algorithm x objective x epsilon, with <c>single</c> expanded to one cell per task.</summary>
    public static IReadOnlyList<EvaluationCell> PlanCells(AttackTarget target, EvaluationSettings settings) => CellAxes.Of(target, settings).Cells();

    public Attack AttackFor(EvaluationCell cell)
    {
        var budget = new AttackBudget(cell.Epsilon, Settings.Steps, randomStart: Settings.RandomStart);
        var algorithm = AttackCatalog.Algorithm(cell.Algorithm);
        var objective = AttackCatalog.Objectives(cell.Objective, Target.Tasks.Select(t => t.Name).ToList(), algorithm.LargestStep(budget)).Single();
        return new Attack(algorithm, objective, budget);
    }

    /// <summary>Loads batch <paramref name="batchIndex"/> onto the device; the caller disposes it.</summary>
    public MultiTaskBatch LoadBatch(int batchIndex)
    {
        if (batchIndex < 0 || batchIndex >= BatchCount)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Batch {batchIndex} is outside 0..{BatchCount - 1}.");
        using var scope = NewDisposeScope();
        using var batch = loader.LoadBatch(0, batchIndex);
        return batch.To(Device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Statistics of one batch, clean when <paramref name="cell"/> is null, else under that cell's attack. A cancelled
    /// <paramref name="cancellationToken"/> stops the attack within one step with an <see cref="OperationCanceledException"/>.
    /// </summary>
    public CellStatistics EvaluateBatch(EvaluationCell? cell, int batchIndex, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var span = CoreTelemetry.Source.StartActivity(CoreTelemetry.Spans.EvaluateBatch);
        span?.SetTag("mtlattack.cell", cell?.ToString() ?? "clean");
        span?.SetTag("mtlattack.batch", batchIndex);
        using var scope = NewDisposeScope();
        using var batch = LoadBatch(batchIndex);
        return Measure(batch, Perturb(cell, batch, batchIndex, cancellationToken));
    }

    /// <summary>The images the model sees in a cell: the clean batch, or its adversarial version (seeded per cell and batch).</summary>
    public Tensor Perturb(EvaluationCell? cell, MultiTaskBatch batch, int batchIndex, CancellationToken cancellationToken = default) =>
        cell == null ? batch.Images.alias() : AttackFor(cell).Run(Target, batch, cell.SeedFor(Settings.Seed, batchIndex), cancellationToken);

    /// <summary>Every task's metric statistics, loss sum and count for <paramref name="images"/> against the batch's targets.</summary>
    public CellStatistics Measure(MultiTaskBatch batch, Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = Target.Forward(images);
        var result = new CellStatistics();
        foreach (var task in Target.Tasks)
        {
            var prediction = outputs[task.Name];
            var accumulator = task.CreateAccumulator();
            accumulator.Update(prediction, batch.Targets[task.Name], batch.Masks[task.Name]);
            var losses = task.PerSampleLoss(prediction, batch.Targets[task.Name], batch.Masks[task.Name]);
            result.Tasks[task.Name] = new TaskStatistics
            {
                MetricState = (double[])accumulator.State.Clone(),
                LossSum = losses.sum().to_type(ScalarType.Float64).item<double>(),
                Samples = batch.Count,
            };
        }
        return result;
    }
}
