using System.Globalization;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
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
    public static IReadOnlyList<VisionTask> Tasks(ModelSpec spec, IMultiTaskDataset dataset) => Tasks(spec.Tasks, spec.Normalization, dataset, spec.Provenance);

    /// <returns>The dataset's tasks for the heads, in the heads' order.</returns>
    /// <param name="provenance">The model's provenance, whose target conventions (<see cref="IMultiTaskDataset.TargetConventions"/>) the dataset must share.</param>
    public static IReadOnlyList<VisionTask> Tasks(IReadOnlyList<TaskHeadSpec> heads, ImageNormalization normalization, IMultiTaskDataset dataset,
        IReadOnlyDictionary<string, string>? provenance = null)
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
        foreach (var (key, reading) in dataset.TargetConventions)
            if (TrainedConvention(provenance, key) is { } trained && trained != reading)
                throw new ArgumentException(
                    $"The model was trained with {key} '{trained}' but {dataset.Description} reads its targets as '{reading}', so its scores would be wrong; " +
                    "score it on data read the way it was trained (a folder whose index names that encoding), or retrain it on this data (README, \"NYUv2 normals\").");
        return tasks;
    }

    /// <summary>
    /// The convention <paramref name="key"/> a model was trained with: as its provenance records it, or for models trained
    /// before the record existed, what the reader then did (<see cref="NyuV2DatasetEncoding.ReadBeforeTheKey"/>); null when unknown.
    /// </summary>
    private static string? TrainedConvention(IReadOnlyDictionary<string, string>? provenance, string key)
    {
        if (provenance is null) return null;
        if (provenance.TryGetValue(key, out var recorded)) return recorded;
        return key == NyuV2DatasetEncoding.NormalEncodingKey ? NyuV2DatasetEncoding.ReadBeforeTheKey(provenance) : null;
    }

    private static string Describe(ImageNormalization normalization) =>
        string.Create(CultureInfo.InvariantCulture, $"{normalization.ChannelOrder} with means [{string.Join(", ", normalization.Mean.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))}]");
}
