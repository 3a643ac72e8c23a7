namespace MtlAttack.Core.Training;

/// <summary>One finished epoch: mean training losses, the validation split's scores, and the best-checkpoint score.</summary>
public sealed record EpochSummary
{
    /// <summary>1-based.</summary>
    public required int Epoch { get; init; }

    /// <summary>Mean over the epoch's batches of each task's (unweighted) training loss.</summary>
    public required IReadOnlyDictionary<string, double> TrainLosses { get; init; }

    public required double TrainLoss { get; init; }

    /// <summary>Every task's metrics on the validation split, by task then metric name.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ValidationMetrics { get; init; }

    public required IReadOnlyDictionary<string, double> ValidationLosses { get; init; }

    public required double ValidationLoss { get; init; }

    /// <summary>This epoch's value of the <see cref="BestCheckpointCriterion"/>, higher is better.</summary>
    public required double Score { get; init; }

    /// <summary>Whether this epoch became <c>best/</c>.</summary>
    public required bool IsBest { get; init; }

    /// <summary>Learning rate of the epoch's last batch.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Wall time of the epoch's training and validation.</summary>
    public required double Seconds { get; init; }
}
