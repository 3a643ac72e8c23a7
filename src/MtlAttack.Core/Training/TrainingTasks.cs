using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Training;

/// <summary>The tasks a run trains (in layout order) and their loss weights, resolved against the dataset.</summary>
internal sealed class TrainingTasks(IReadOnlyList<VisionTask> tasks, IReadOnlyList<double> weights)
{
    public IReadOnlyList<VisionTask> Tasks { get; } = tasks;

    /// <summary>Weights[i] multiplies Tasks[i]'s loss.</summary>
    public IReadOnlyList<double> Weights { get; } = weights;

    public IReadOnlyList<string> Names => Tasks.Select(t => t.Name).ToList();

    public static TrainingTasks Resolve(TrainingOptions options, IMultiTaskDataset dataset)
    {
        var available = dataset.Tasks;
        IReadOnlyList<VisionTask> tasks;
        if (options.Tasks is null) tasks = available;
        else
        {
            var names = options.Tasks.Select(DatasetSpecTasks.Canonical).Distinct().ToList();
            var missing = names.Where(n => !available.Any(t => t.Name == n)).ToList();
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"Training option Tasks names {string.Join(", ", missing)}, which dataset {dataset.Description} has no targets for; it has {string.Join(", ", available.Select(t => t.Name))}.");
            tasks = names.Select(n => available.First(t => t.Name == n)).ToList();
        }
        if (tasks.Count == 0) throw new ArgumentException($"Dataset {dataset.Description} provides no task to train.");

        var weights = options.TaskWeights ?? new Dictionary<string, double>();
        var unknown = weights.Keys.Where(k => !tasks.Any(t => t.Name == k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Training option TaskWeights names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which is not trained; the tasks are {string.Join(", ", tasks.Select(t => t.Name))} (use canonical names).");
        var resolved = tasks.Select(t => weights.TryGetValue(t.Name, out var w) ? w : 1.0).ToList();
        if (resolved.All(w => w == 0))
            throw new ArgumentException("Training option TaskWeights gives every task the weight 0, so nothing would be learned; give at least one task a positive weight.");
        return new TrainingTasks(tasks, resolved);
    }
}
