using MtlAttack.Core.Models;

namespace MtlAttack.Core.Training;

/// <summary>
/// A resumed run must follow the trajectory the checkpoint was on, so every setting that shapes it must match;
/// only the number of epochs (at least those done), the output folder, the device and the validation batch size
/// may change. Note that changing the epochs changes the poly and cosine schedules from the resumed step on.
/// </summary>
internal static class ResumeCompatibility
{
    public static void Check(TrainingState state, TrainingOptions options, string dataset, MultiTaskNetwork network,
        string backbone, string layout, IReadOnlyList<string> tasks, string checkpoint)
    {
        var differences = new List<string>();
        var before = Trajectory(state.Options, state.Dataset);
        var now = Trajectory(options, dataset);
        foreach (var (key, value) in before)
            if (!now.TryGetValue(key, out var current) || current != value)
                differences.Add($"{key} was {value}, now {current ?? "unset"}");
        if (!network.Spec.Backbone.Equals(backbone, StringComparison.OrdinalIgnoreCase))
            differences.Add($"backbone was {network.Spec.Backbone}, now {backbone}");
        if (network.Spec.Layout != layout) differences.Add($"layout was {network.Spec.Layout}, now {layout}");
        if (!network.TaskNames.SequenceEqual(tasks))
            differences.Add($"tasks were {string.Join('+', network.TaskNames)}, now {string.Join('+', tasks)}");
        if (differences.Count > 0)
            throw new ArgumentException(
                $"Cannot resume from '{checkpoint}' with different settings ({string.Join("; ", differences)}). Resume with the settings " +
                $"the checkpoint records (TrainingState.Read(folder).Options), or train afresh into a new output folder.");
        if (options.Epochs < state.CompletedEpochs)
            throw new ArgumentException(
                $"Training option Epochs is {options.Epochs} but the checkpoint '{checkpoint}' already has {state.CompletedEpochs} epochs; ask for at least {state.CompletedEpochs}.");
    }

    private static Dictionary<string, string> Trajectory(TrainingOptions options, string dataset)
    {
        var entries = TrainingProvenance.Settings(options, dataset).ToDictionary(kv => kv.Key, kv => kv.Value);
        entries["best_criterion"] = options.BestCriterion.Trim().ToLowerInvariant();
        entries["validation_split"] = options.ValidationSplit;
        return entries;
    }
}
