using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// A multi-task dataset on disk or generated. Readers return samples at their stored size; the
/// <see cref="MultiTaskLoader"/> applies train-time augmentation or test-time resizing to <see cref="Height"/> x <see cref="Width"/>,
/// subtracts the mean and batches.
/// </summary>
public interface IMultiTaskDataset
{
    /// <summary>Human-readable origin, e.g. <c>nyuv2:/data/nyu</c>.</summary>
    string Description { get; }

    /// <summary>The tasks this dataset has targets for, configured (e.g. number of classes).</summary>
    IReadOnlyList<VisionTask> Tasks { get; }

    ImageNormalization Normalization { get; }

    /// <summary>Size the loader brings every sample to.</summary>
    int Height { get; }
    int Width { get; }

    /// <summary>Split names, e.g. <c>train</c>, <c>test</c>.</summary>
    IReadOnlyList<string> Splits { get; }

    int Count(string split);

    /// <summary>Reads sample <paramref name="index"/> of <paramref name="split"/>; the caller disposes it.</summary>
    MultiTaskSample Load(string split, int index);

    /// <summary>
    /// How this dataset turns stored files into targets where formats allow more than one reading (e.g. NYUv2's
    /// <c>normal_encoding</c>). Training records them in the model's provenance, and a model is not scored on data read
    /// another way (<see cref="Models.ModelDatasetMatch"/>). Empty for most datasets.
    /// </summary>
    IReadOnlyDictionary<string, string> TargetConventions => new Dictionary<string, string>();
}
