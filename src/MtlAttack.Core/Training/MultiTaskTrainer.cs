using MtlAttack.Core.Attacks;
using System.Diagnostics;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Sharing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// Trains a <see cref="MultiTaskNetwork"/> on the summed (optionally weighted) task losses, validates after every
/// epoch with the tasks' accumulators, and keeps <c>OUT/best/</c> and <c>OUT/last/</c> (see
/// <see cref="TrainingCheckpoint"/>). With <see cref="TrainingOptions.Adversarial"/> set, part of every batch is
/// replaced by adversarial images (see <see cref="AdversarialBatchMixer"/>), or, under the reference protocol, every
/// batch gets a clean step and then a step on its adversarial version (see <see cref="AdversarialProtocols"/>).
/// <para>
/// Deterministic by seed, and by nothing else: every random draw comes from a generator of the run's own, never from
/// torch's global one, so runs in one process cannot disturb each other. The initial weights come from a generator
/// seeded with <c>Seed</c>; batch order and augmentation from the loader's (seed, epoch, index) streams; dropout
/// masks from a generator seeded from (seed, epoch) at the start of every epoch, and the attack's random start from
/// (seed, epoch, batch); the learning rate is a function of the step. A run resumed from <c>last/</c>, which also
/// restores the optimizer's moments, therefore continues exactly as the uninterrupted run would have.
/// </para>
/// </summary>
public sealed class MultiTaskTrainer
{
    private readonly TrainingOptions options;
    private readonly IMultiTaskDataset dataset;
    private readonly string datasetName;

    /// <summary>A trainer for the dataset <see cref="TrainingOptions.Dataset"/> names.</summary>
    public MultiTaskTrainer(TrainingOptions options) : this(options, DatasetSpecOf(options))
    {
    }

    private MultiTaskTrainer(TrainingOptions options, DatasetSpec spec) : this(options, DatasetFactory.Open(spec), spec.ToString())
    {
    }

    /// <summary>A trainer for a dataset already opened; <see cref="TrainingOptions.Dataset"/> is then ignored.</summary>
    public MultiTaskTrainer(TrainingOptions options, IMultiTaskDataset dataset) : this(options, dataset, dataset?.Description ?? "")
    {
    }

    private MultiTaskTrainer(TrainingOptions options, IMultiTaskDataset dataset, string datasetName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        options.Validate();
        foreach (var split in new[] { options.TrainSplit, options.ValidationSplit })
            if (!dataset.Splits.Contains(split))
                throw new ArgumentException($"Dataset {dataset.Description} has no split '{split}'; its splits are {string.Join(", ", dataset.Splits)}.");
        this.options = options;
        this.dataset = dataset;
        this.datasetName = datasetName;
        Tasks = TrainingTasks.Resolve(options, dataset);
        var backbone = Models.Backbones.BackboneCatalog.Get(options.Backbone);
        Layout = options.Layout is null ? Layout.FullyShared(Tasks.Tasks.Count, backbone.BlockCount) : Layout.Parse(options.Layout);
        try
        {
            Spec = ModelSpec.Create(backbone.Name, Layout, Tasks.Tasks, dataset.Normalization, dataset.Height, dataset.Width);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(
                $"Training options Backbone '{backbone.Name}', Layout '{Layout}' and {Tasks.Tasks.Count} tasks on {dataset.Height}x{dataset.Width} images make no model: " +
                $"{e.Message} Give a layout with {backbone.BlockCount} blocks over {Tasks.Tasks.Count} tasks, or leave Layout null for fully shared.", e);
        }
    }

    /// <summary>The spec of the network a fresh run builds.</summary>
    public ModelSpec Spec { get; }

    public Layout Layout { get; }

    internal TrainingTasks Tasks { get; }

    public string BestDirectory => Path.Combine(options.OutputDirectory, TrainingCheckpoint.BestDirectoryName);

    public string LastDirectory => Path.Combine(options.OutputDirectory, TrainingCheckpoint.LastDirectoryName);

    /// <summary>
    /// Trains from scratch, or from <see cref="TrainingOptions.ResumeFrom"/>, up to <see cref="TrainingOptions.Epochs"/>.
    /// Cancellation is honoured between batches; the checkpoints then hold the last finished epoch.
    /// </summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var device = torch.device(options.Device);
        var (network, resumed) = StartingPoint();
        using var disposeNetwork = network;
        network.to(device);
        using var optimizer = TrainingOptimizers.Create(options, network.parameters());
        bool restored = options.ResumeFrom is not null && resumed is not null && TrainingCheckpoint.TryLoadOptimizerState(options.ResumeFrom, resumed, optimizer);
        if (restored) optimizer.to(device);

        using var cache = options.SampleCacheMegabytes > 0 ? new CachedDataset(dataset, options.SampleCacheMegabytes * 1024L * 1024L) : null;
        IMultiTaskDataset data = cache is null ? dataset : cache;
        var loader = new MultiTaskLoader(data, options.TrainSplit, options.BatchSize, shuffle: true, augment: options.Augment, seed: options.Seed);
        var mixer = options.IsAdversarial ? AdversarialBatchMixer.FromOptions(options, Tasks.Names) : null;
        var attackTarget = mixer is null ? null : NetworkAttackTarget.Create(network, Tasks.Tasks);
        var step = new TrainingStep(network, optimizer, Tasks, mixer, attackTarget, options.IsReferenceAdversarial);
        var record = new TrainingRecord(resumed);
        int startEpoch = record.History.Count;

        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var (trainLosses, learningRate) = TrainEpoch(epoch, network, loader, step, optimizer, device, record, progress, cancellation);

            network.eval();
            var validation = SplitScorer.Score(data, options.ValidationSplit, Tasks.Tasks, options.ValidationBatchSize,
                batch => network.forward(batch.Images), device, cancellation);
            var summary = record.Add(epoch + 1, options, Tasks.Tasks, ByTask(trainLosses), Weighted(trainLosses), validation, learningRate, epochClock.Elapsed);

            var now = DateTimeOffset.UtcNow;
            var state = record.ToState(options, datasetName, now);
            network.UpdateProvenance([.. TrainingProvenance.ForCheckpoint(options, datasetName, epoch + 1, state.ElapsedSeconds, now), .. dataset.TargetConventions]);
            TrainingCheckpoint.Save(LastDirectory, network, state, optimizer);
            if (summary.IsBest) TrainingCheckpoint.Save(BestDirectory, network, state, optimizer: null);

            progress?.Report(new TrainingProgress
            {
                Phase = TrainingPhase.Validated,
                Epoch = epoch + 1, Epochs = options.Epochs, Batch = loader.BatchCount, Batches = loader.BatchCount,
                TaskLosses = validation.Losses, TotalLoss = summary.ValidationLoss, LearningRate = learningRate, Elapsed = record.Elapsed,
                Summary = summary,
            });
        }

        return new TrainingResult
        {
            History = record.History,
            BestEpoch = record.BestEpoch ?? throw new InvalidOperationException("The run finished without validating a single epoch."),
            BestScore = record.BestScore ?? double.NaN,
            BestDirectory = BestDirectory,
            LastDirectory = LastDirectory,
            Elapsed = record.Elapsed,
            StartEpoch = startEpoch,
            OptimizerStateRestored = restored,
        };
    }

    /// <summary>One pass over the training split; returns each task's mean loss and the last learning rate.</summary>
    private (double[] MeanLosses, double LearningRate) TrainEpoch(int epoch, MultiTaskNetwork network, MultiTaskLoader loader, TrainingStep step, OptimizerHelper optimizer,
        Device device, TrainingRecord record, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        // A generator per epoch, seeded from (seed, epoch), makes the dropout masks independent of where a run was resumed.
        using var dropoutRandom = new Generator(unchecked((ulong)MultiTaskLoaderSeeds.Mix(options.Seed, epoch, -1)), device);
        using var dropout = network.DrawDropoutFrom(dropoutRandom);
        long totalSteps = (long)options.Epochs * loader.BatchCount;
        var sums = new double[Tasks.Tasks.Count];
        double learningRate = options.LearningRate;
        for (int b = 0; b < loader.BatchCount; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            learningRate = LearningRateSchedule.At(options.LearningRateSchedule, options.LearningRate, (long)epoch * loader.BatchCount + b, totalSteps, options.PolyPower);
            TrainingOptimizers.SetLearningRate(optimizer, learningRate);
            double[] losses;
            using (var scope = NewDisposeScope())
            {
                using var loaded = loader.LoadBatch(epoch, b);
                var batch = device.type == DeviceType.CPU ? loaded : loaded.To(device);
                losses = step.Run(batch, MultiTaskLoaderSeeds.Mix(options.Seed, epoch, b));
            }
            for (int t = 0; t < losses.Length; t++) sums[t] += losses[t];
            progress?.Report(new TrainingProgress
            {
                Phase = TrainingPhase.Training,
                Epoch = epoch + 1, Epochs = options.Epochs, Batch = b + 1, Batches = loader.BatchCount,
                TaskLosses = ByTask(losses), TotalLoss = Weighted(losses), LearningRate = learningRate, Elapsed = record.Elapsed,
            });
        }
        return (sums.Select(s => s / loader.BatchCount).ToArray(), learningRate);
    }

    private (MultiTaskNetwork Network, TrainingState? State) StartingPoint()
    {
        if (options.ResumeFrom is null) return (MultiTaskNetwork.Create(Spec, options.Seed), null);
        var state = TrainingState.Read(options.ResumeFrom);
        var network = MultiTaskNetwork.Load(options.ResumeFrom);
        try
        {
            ResumeCompatibility.Check(state, options, datasetName, network, Spec.Backbone, Spec.Layout, Tasks.Names, options.ResumeFrom);
            return (network, state);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private IReadOnlyDictionary<string, double> ByTask(IReadOnlyList<double> values) =>
        Tasks.Tasks.Select((t, i) => (t.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2);

    private double Weighted(IReadOnlyList<double> values) => values.Select((v, i) => v * Tasks.Weights[i]).Sum();

    private static DatasetSpec DatasetSpecOf(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        try
        {
            return DatasetSpec.Parse(options.Dataset);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Training option Dataset: {e.Message}", nameof(TrainingOptions.Dataset), e);
        }
    }
}
