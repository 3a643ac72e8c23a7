using System.Text.Json;
using System.Text.Json.Serialization;

namespace MtlAttack.Core.Training;

/// <summary>
/// <c>training-state.json</c>, saved next to the network in every checkpoint: how far training got and what it needs
/// to continue exactly (the options, the best-checkpoint reference and record, the history). Optimizer moments
/// are not in it but in <see cref="OptimizerStateFileName"/>, in <c>last/</c> only.
/// </summary>
public sealed record TrainingState
{
    public const string FileName = "training-state.json";
    public const string OptimizerStateFileName = "optimizer.bin";
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Metrics are NaN where nothing was scored (e.g. mIoU before any labelled pixel); keep them readable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        MaxDepth = 16,
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Epochs finished; training continues with epoch CompletedEpochs + 1 (1-based).</summary>
    public required int CompletedEpochs { get; init; }

    public required TrainingOptions Options { get; init; }

    /// <summary>The dataset trained on, as its spec or description reads.</summary>
    public required string Dataset { get; init; }

    /// <summary>The first epoch's validation, against which the <c>relative</c> criterion measures.</summary>
    public SplitScores? Reference { get; init; }

    public int? BestEpoch { get; init; }

    public double? BestScore { get; init; }

    public required IReadOnlyList<EpochSummary> History { get; init; }

    /// <summary>Training time of every run that led here.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Whether <see cref="OptimizerStateFileName"/> was saved alongside (only in <c>last/</c>).</summary>
    public bool HasOptimizerState { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static TrainingState FromJson(string json, string source)
    {
        TrainingState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not a valid training state: {e.Message}", e);
        }
        if (state is null) throw new InvalidDataException($"{source} is empty (null).");
        if (state.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"{source} has formatVersion {state.FormatVersion}; this build reads version {CurrentFormatVersion}.");
        if (state.CompletedEpochs < 0 || state.History.Count != state.CompletedEpochs)
            throw new InvalidDataException($"{source} says {state.CompletedEpochs} epochs are done but records {state.History.Count}.");
        return state;
    }

    public static TrainingState Read(string checkpointDirectory)
    {
        var path = Path.Combine(checkpointDirectory, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cannot resume from '{checkpointDirectory}': it has no {FileName} (is it a training checkpoint, e.g. the last/ folder of a run?).", path);
        return FromJson(File.ReadAllText(path), path);
    }
}
