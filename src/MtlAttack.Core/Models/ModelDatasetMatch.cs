using System.Globalization;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Models;

/// <summary>
/// Whether a dataset can score a model: it must have targets for every head, with the same number of classes,
/// and feed pixels the way the model was trained to read them. A mismatch is an <see cref="ArgumentException"/>
/// naming both sides. The CLI and the service both ask here.
/// </summary>
public static class ModelDatasetMatch
{
    /// <returns>The dataset's tasks for the model's heads, in the model's order.</returns>
    public static IReadOnlyList<VisionTask> Tasks(ModelSpec spec, IMultiTaskDataset dataset) => Tasks(spec.Tasks, spec.Normalization, dataset);

    /// <returns>The dataset's tasks for the heads, in the heads' order.</returns>
    public static IReadOnlyList<VisionTask> Tasks(IReadOnlyList<TaskHeadSpec> heads, ImageNormalization normalization, IMultiTaskDataset dataset)
    {
        var tasks = new List<VisionTask>();
        foreach (var head in heads)
        {
            var task = dataset.Tasks.FirstOrDefault(t => t.Name == head.Name)
                ?? throw new ArgumentException(
                    $"The model predicts '{head.Name}' but {dataset.Description} has no targets for it (it has {string.Join(", ", dataset.Tasks.Select(t => t.Name))}); use a dataset with the model's tasks ({string.Join(", ", heads.Select(h => h.Name))}).");
            if (task.OutputChannels != head.OutputChannels)
                throw new ArgumentException(
                    $"The model's '{head.Name}' head has {head.OutputChannels} output channels but {dataset.Description} scores {task.OutputChannels} (different class sets?); use the dataset the model was trained on.");
            tasks.Add(task);
        }
        if (!Equals(normalization, dataset.Normalization))
            throw new ArgumentException(
                $"The model reads {Describe(normalization)} but {dataset.Description} provides {Describe(dataset.Normalization)}; use a dataset with the model's input normalisation.");
        return tasks;
    }

    private static string Describe(ImageNormalization normalization) =>
        string.Create(CultureInfo.InvariantCulture, $"{normalization.ChannelOrder} with means [{string.Join(", ", normalization.Mean.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))}]");
}
