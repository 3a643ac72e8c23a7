using MtlAttack.Core.Attacks.Targets;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Threats;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks.Reference;
using MtlAttack.Core.Telemetry;
using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// Runs the clean baseline and the attack cells over a dataset split, batch by batch. A batch is the unit of
/// work (the service's attack grains run the same <see cref="EvaluateBatch"/>); its statistics merge exactly. The clean
/// baseline's batch also measures the random-noise baselines (<see cref="NoiseCells"/>) and the clean input gradients;
/// an attack cell's batch also carries its trace (loss trajectories and diagnostics).
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
        // Under the reference protocol every task scores and attacks by ReferenceTask's rules; under ours the target is as given.
        Target = settings.Protocol == EvaluationProtocol.Reference ? target.WithTasks(ReferenceTask.Wrap(target.Tasks)) : target;
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
        long valuesPerImage = (long)target.Bounds.Min.Count * dataset.Height * dataset.Width;
        foreach (var algorithm in axes.Algorithms.Select(AttackCatalog.Algorithm))
            foreach (var epsilon in axes.Epsilons) algorithm.Threat.CheckEpsilon(epsilon, algorithm.Name, valuesPerImage);
        Cells = axes.Cells();
        NoiseCells = NoiseBaseline.Cells(axes.Algorithms, axes.Epsilons);
    }

    public AttackTarget Target { get; }
    public EvaluationSettings Settings { get; }
    public Device Device { get; }

    /// <summary>Batches evaluated per cell: the first ceil(MaxSamples / BatchSize) batches of the split, or all.</summary>
    public int BatchCount { get; }

    public IReadOnlyList<EvaluationCell> Cells { get; }

    /// <summary>The random-noise baseline at every epsilon, per norm the algorithms use; measured with the clean baseline's batches.</summary>
    public IReadOnlyList<EvaluationCell> NoiseCells { get; }

    /// <summary>algorithm x objective x epsilon, with <c>single</c> expanded to one cell per task.</summary>
    public static IReadOnlyList<EvaluationCell> PlanCells(AttackTarget target, EvaluationSettings settings) => CellAxes.Of(target, settings).Cells();

    /// <summary>The cell's attack, restarted <see cref="EvaluationSettings.Restarts"/> times; a noise cell's noise.</summary>
    public Attack AttackFor(EvaluationCell cell)
    {
        var budget = new AttackBudget(cell.Epsilon, Settings.Steps, randomStart: Settings.RandomStart);
        if (NoiseBaseline.IsNoise(cell.Algorithm)) return NoiseBaseline.AttackFor(cell, budget);
        var algorithm = Restarts.Wrap(ProtocolAlgorithm(AttackCatalog.Algorithm(cell.Algorithm)), Settings.Restarts);
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
        if (cell == null) return MeasureClean(batch, batchIndex, cancellationToken);
        var attack = AttackFor(cell);
        using var trace = new AttackTrace();
        using var context = new AttackContext(trace.Watch(Target), batch, DatasetCleanLossesFor(cell, attack));
        var candidates = attack.RunEach(ProtocolContext(context, attack), cell.SeedFor(Settings.Seed, batchIndex), cancellationToken, trace);
        var statistics = CellMeasurement.Measure(Target, batch, candidates);
        statistics.Trace = trace.Statistics(Target.Tasks.Select(t => t.Name).ToList());
        if (attack.Objective is ShapedObjective { Losses.Targets.Count: > 0 } targeted)
            statistics.Goals = TargetedOutcome.Goals(Target, batch, candidates, targeted.Losses.Targets);
        return statistics;
    }

    /// <summary>
    /// The algorithm as the protocol runs it: under the reference protocol the L-infinity <c>apgd</c> follows the reference
    /// code's APGD rules (<see cref="ApgdRules.Reference"/>); everything else, and everything under ours, as named.
    /// </summary>
    private AttackAlgorithm ProtocolAlgorithm(AttackAlgorithm algorithm) =>
        Settings.Protocol == EvaluationProtocol.Reference && algorithm is Apgd { Threat: LinfThreat } apgd && apgd.Rules == ApgdRules.Ours
            ? apgd.Under(ApgdRules.Reference)
            : algorithm;

    /// <summary>
    /// Under the reference protocol, a dgba cell of an APGD measures its value against each task's clean loss averaged over
    /// the dataset (the reference's AA_MTL divides by its clean baseline's loss); null for every other cell.
    /// </summary>
    private IReadOnlyList<double>? DatasetCleanLossesFor(EvaluationCell cell, Attack attack) =>
        Settings.Protocol == EvaluationProtocol.Reference && attack.Objective is DgbaObjective && !NoiseBaseline.IsNoise(cell.Algorithm)
            && AttackCatalog.Algorithm(cell.Algorithm) is Apgd { Threat: LinfThreat }
            ? ReferenceCleanLosses()
            : null;

    /// <summary>
    /// Each task's clean loss as the reference's clean baseline gives it: the mean over the evaluated batches of each
    /// batch's pooled loss (the clean report's <see cref="ReferenceMetricNames.PooledLoss"/>). Computed once per evaluator
    /// with one forward pass per batch, so any batch of any cell can be attacked first (the service runs them in any order).
    /// </summary>
    public IReadOnlyList<double> ReferenceCleanLosses()
    {
        lock (referenceCleanLossesLock)
        {
            if (referenceCleanLosses is not null) return referenceCleanLosses;
            var sums = new double[Target.Tasks.Count];
            for (int b = 0; b < BatchCount; b++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                using var batch = LoadBatch(b);
                var outputs = Target.Forward(batch.Images);
                for (int t = 0; t < sums.Length; t++)
                {
                    var task = Target.Tasks[t];
                    sums[t] += task.BatchPooledShares(outputs[task.Name], batch.Targets[task.Name], batch.Masks[task.Name]).mean().to_type(ScalarType.Float64).item<double>();
                }
            }
            return referenceCleanLosses = sums.Select(sum => sum / BatchCount).ToArray();
        }
    }

    private readonly object referenceCleanLossesLock = new();
    private double[]? referenceCleanLosses;

    /// <summary>
    /// The losses a cell's attack differentiates: under the reference protocol the single-task and total-loss attacks
    /// differentiate batch-pooled means (the reference's reduction='mean' criteria), every other objective the per-sample
    /// losses as under ours.
    /// </summary>
    private AttackContext ProtocolContext(AttackContext context, Attack attack) =>
        Settings.Protocol == EvaluationProtocol.Reference && attack.Objective is TotalLossObjective or SingleTaskObjective
            ? context.Under(AttackLosses.TaskOwnBatchPooled)
            : context;

    /// <summary>The clean batch's statistics with its clean input-gradient counts and every noise baseline's statistics.</summary>
    private CellStatistics MeasureClean(MultiTaskBatch batch, int batchIndex, CancellationToken cancellationToken)
    {
        var statistics = Measure(batch, batch.Images);
        var gradients = CleanGradients.Count(Target, batch);
        for (int t = 0; t < Target.Tasks.Count; t++)
        {
            var task = statistics.Tasks[Target.Tasks[t].Name];
            (task.ZeroGradientSamples, task.NonFiniteGradientSamples) = gradients[t];
        }
        foreach (var noise in NoiseCells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var images = Perturb(noise, batch, batchIndex, cancellationToken);
            statistics.Baselines[noise.Key] = new BaselineStatistics { Cell = noise, Tasks = Measure(batch, images).Tasks };
        }
        return statistics;
    }

    /// <summary>The images the model sees in a cell: the clean batch, or its adversarial version (seeded per cell and batch).</summary>
    public Tensor Perturb(EvaluationCell? cell, MultiTaskBatch batch, int batchIndex, CancellationToken cancellationToken = default)
    {
        if (cell == null) return batch.Images.alias();
        var attack = AttackFor(cell);
        using var context = new AttackContext(Target, batch, DatasetCleanLossesFor(cell, attack));
        return attack.Run(ProtocolContext(context, attack), cell.SeedFor(Settings.Seed, batchIndex), cancellationToken);
    }

    /// <summary>Every task's metric statistics, loss sum and count for <paramref name="images"/> against the batch's targets.</summary>
    public CellStatistics Measure(MultiTaskBatch batch, Tensor images) => CellMeasurement.Measure(Target, batch, [images]);
}
