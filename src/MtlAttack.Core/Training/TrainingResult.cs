namespace MtlAttack.Core.Training;

/// <summary>What a finished training run leaves: its history, the best epoch and where the checkpoints are.</summary>
public sealed record TrainingResult
{
    /// <summary>Every epoch, including those of the runs this one resumed.</summary>
    public required IReadOnlyList<EpochSummary> History { get; init; }

    public required int BestEpoch { get; init; }

    public required double BestScore { get; init; }

    /// <summary>The <c>best/</c> checkpoint folder (load it with <see cref="Models.MultiTaskNetwork.Load"/>).</summary>
    public required string BestDirectory { get; init; }

    /// <summary>The <c>last/</c> checkpoint folder, which <see cref="TrainingOptions.ResumeFrom"/> can continue.</summary>
    public required string LastDirectory { get; init; }

    /// <summary>Training time of this run and every run it resumed.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Epochs already done when this run started (0 for a fresh run).</summary>
    public required int StartEpoch { get; init; }

    /// <summary>Whether a resumed run restored the optimizer's moments (false for a fresh run, or one resumed from <c>best/</c>).</summary>
    public required bool OptimizerStateRestored { get; init; }

    public EpochSummary Best => History.First(e => e.Epoch == BestEpoch);

    public EpochSummary Last => History[^1];
}
