namespace MtlAttack.Core.Training;

/// <summary>What a training run is doing, reported after every batch and once more after every epoch's validation.</summary>
public enum TrainingPhase
{
    Training,
    Validated,
}

/// <summary>
/// One progress report. Epochs and batches count from 1 (epoch 3 of 10, batch 7 of 50), so a progress bar shows
/// them as they are. Losses are the last batch's while training and the validation split's after validation.
/// </summary>
public sealed record TrainingProgress
{
    public required TrainingPhase Phase { get; init; }
    public required int Epoch { get; init; }
    public required int Epochs { get; init; }
    public required int Batch { get; init; }
    public required int Batches { get; init; }

    /// <summary>Per-task loss (unweighted), by task name.</summary>
    public required IReadOnlyDictionary<string, double> TaskLosses { get; init; }

    /// <summary>The weighted sum of <see cref="TaskLosses"/>: what the optimiser minimises.</summary>
    public required double TotalLoss { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>Training time so far, including the runs this one resumed.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The epoch's summary, when <see cref="Phase"/> is <see cref="TrainingPhase.Validated"/>.</summary>
    public EpochSummary? Summary { get; init; }

    /// <summary>Fraction of all the run's batches done, 0..1.</summary>
    public double Fraction => Epochs * Batches == 0 ? 1 : ((Epoch - 1) * (double)Batches + Batch) / ((double)Epochs * Batches);
}
