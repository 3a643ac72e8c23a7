using System.Globalization;
using MtlAttack.Core.Datasets;

namespace MtlAttack.Core.Training;

/// <summary>
/// The <c>model.json</c> provenance entries of a trained network: where its data came from and every setting that
/// shaped its weights, so a model file says how to reproduce it. Keys are flat, lower-case and stable.
/// </summary>
public static class TrainingProvenance
{
    /// <summary>The entry naming the dataset the network was trained on, as its SPEC.</summary>
    public const string DatasetKey = "dataset";

    /// <summary>The entry naming the trainer; every model MtlAttack trained has it.</summary>
    public const string TrainerKey = "trainer";

    /// <summary>The dataset a model's <paramref name="provenance"/> says it was trained on; null when it names none that parses.</summary>
    public static DatasetSpec? TrainedOn(IReadOnlyDictionary<string, string> provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        return provenance.TryGetValue(DatasetKey, out var recorded) && DatasetSpec.TryParse(recorded, out var spec, out _) ? spec : null;
    }

    /// <summary>Settings that determine the training trajectory; a resumed run must repeat them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(TrainingOptions options, string datasetDescription)
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new(DatasetKey, datasetDescription),
            new("train_split", options.TrainSplit),
            new("tasks", options.Tasks is null ? "all" : string.Join('+', options.Tasks)),
            new("seed", Number(options.Seed)),
            new("batch_size", Number(options.BatchSize)),
            new("optimizer", options.Optimizer.Trim().ToLowerInvariant()),
            new("lr", Number(options.LearningRate)),
            new("lr_schedule", options.LearningRateSchedule.Trim().ToLowerInvariant()),
            new("weight_decay", Number(options.WeightDecay)),
            new("augment", options.Augment ? "true" : "false"),
            new("task_weights", options.TaskWeights is null ? "none"
                : string.Join(',', options.TaskWeights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Number(kv.Value)}"))),
            new("adversarial", options.Adversarial?.Trim().ToLowerInvariant() ?? "none"),
        };
        if (options.Optimizer.Trim().Equals(TrainingOptimizers.Sgd, StringComparison.OrdinalIgnoreCase))
            entries.Add(new("momentum", Number(options.Momentum)));
        if (options.LearningRateSchedule.Trim().Equals(LearningRateSchedule.Poly, StringComparison.OrdinalIgnoreCase))
            entries.Add(new("poly_power", Number(options.PolyPower)));
        if (options.IsAdversarial)
        {
            entries.Add(new("adv_objective", options.AdvObjective.Trim().ToLowerInvariant()));
            entries.Add(new("adv_epsilon", Number(options.AdvEpsilon)));
            entries.Add(new("adv_steps", Number(options.AdvSteps)));
            entries.Add(new("adv_step_size", options.AdvStepSize is double step ? Number(step) : "epsilon/steps"));
            entries.Add(new("adv_random_start", options.AdvRandomStart ? "true" : "false"));
            // The reference protocol attacks whole batches, so the ratio says nothing there; the protocol is named instead.
            if (options.IsReferenceAdversarial) entries.Add(new("adv_protocol", AdversarialProtocols.Reference));
            else entries.Add(new("adv_ratio", Number(options.AdvRatio)));
        }
        return entries;
    }

    /// <summary>The settings plus where this checkpoint stands: epochs planned and done, time, criterion.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForCheckpoint(TrainingOptions options, string datasetDescription,
        int epoch, double elapsedSeconds, DateTimeOffset savedAt) =>
        [
            .. Settings(options, datasetDescription),
            new("epochs", Number(options.Epochs)),
            new("epoch", Number(epoch)),
            new("best_criterion", options.BestCriterion.Trim().ToLowerInvariant()),
            new("validation_split", options.ValidationSplit),
            new("training_seconds", elapsedSeconds.ToString("F1", CultureInfo.InvariantCulture)),
            new("trained_at", savedAt.ToString("O", CultureInfo.InvariantCulture)),
            new(TrainerKey, "MtlAttack.Core.Training.MultiTaskTrainer"),
        ];

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
