using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Training;

/// <summary>
/// The bookkeeping of a run across epochs (and across resumes): history, the first epoch's validation as the
/// reference, the best epoch so far, and the training time; it turns into the <see cref="TrainingState"/> saved
/// with every checkpoint.
/// </summary>
internal sealed class TrainingRecord
{
    private readonly List<EpochSummary> history;
    private readonly double previousSeconds;

    public TrainingRecord(TrainingState? resumed)
    {
        history = [.. resumed?.History ?? []];
        Reference = resumed?.Reference;
        BestEpoch = resumed?.BestEpoch;
        BestScore = resumed?.BestScore;
        StartedAt = resumed?.StartedAt ?? DateTimeOffset.UtcNow;
        previousSeconds = resumed?.ElapsedSeconds ?? 0;
        Clock = System.Diagnostics.Stopwatch.StartNew();
    }

    public IReadOnlyList<EpochSummary> History => history;
    public SplitScores? Reference { get; private set; }
    public int? BestEpoch { get; private set; }
    public double? BestScore { get; private set; }
    public DateTimeOffset StartedAt { get; }
    public System.Diagnostics.Stopwatch Clock { get; }

    /// <summary>Training time of this run and the runs it resumed.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(previousSeconds) + Clock.Elapsed;

    /// <summary>Scores an epoch's validation, records it and says whether it is the new best.</summary>
    public EpochSummary Add(int epoch, TrainingOptions options, IReadOnlyList<VisionTask> tasks, IReadOnlyDictionary<string, double> trainLosses,
        double trainLoss, SplitScores validation, double learningRate, TimeSpan duration)
    {
        Reference ??= validation;
        double score = BestCheckpointCriterion.Score(options.BestCriterion, tasks, Reference, validation, options.TaskWeights);
        bool isBest = BestCheckpointCriterion.IsBetter(score, BestScore);
        if (isBest) (BestEpoch, BestScore) = (epoch, score);
        var summary = new EpochSummary
        {
            Epoch = epoch,
            TrainLosses = trainLosses,
            TrainLoss = trainLoss,
            ValidationMetrics = validation.Metrics,
            ValidationLosses = validation.Losses,
            ValidationLoss = validation.WeightedLoss(options.TaskWeights),
            Score = score,
            IsBest = isBest,
            LearningRate = learningRate,
            Seconds = duration.TotalSeconds,
        };
        history.Add(summary);
        return summary;
    }

    public TrainingState ToState(TrainingOptions options, string dataset, DateTimeOffset savedAt) => new()
    {
        CompletedEpochs = history.Count,
        Options = options with { ResumeFrom = null },
        Dataset = dataset,
        Reference = Reference,
        BestEpoch = BestEpoch,
        BestScore = BestScore,
        History = history.ToList(),
        ElapsedSeconds = Elapsed.TotalSeconds,
        StartedAt = StartedAt,
        SavedAt = savedAt,
    };
}
