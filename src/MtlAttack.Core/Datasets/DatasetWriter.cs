using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.Datasets.Taskonomy;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets;

/// <summary>On-disk layouts the writer produces; each loads back through its reader.</summary>
public enum DatasetFormat
{
    /// <summary>AdaShare/TreeMTL NYUv2: nyu_v2_3task.json, PNG image/seg/normal, .npy depth. The three NYUv2 tasks.</summary>
    NyuV2,

    /// <summary>AdaShare/TreeMTL tiny-Taskonomy: taskonomy.json, PNGs per task, semseg_prior_factor.npy. All five tasks.</summary>
    Taskonomy,
}

/// <summary>Samples written so far in the split being written.</summary>
public readonly record struct DatasetWriteProgress(string Split, int Written, int Total);

/// <summary>
/// Writes any <see cref="IMultiTaskDataset"/> (in practice <c>SyntheticScenes</c>) to disk in a reference layout, every split,
/// so that other tools and our own readers can use it. The index file is written last: a folder without it is incomplete.
/// </summary>
public static class DatasetWriter
{
    /// <summary>
    /// Writes <paramref name="dataset"/> under <paramref name="directory"/> and returns the spec that opens it again at the
    /// same loader size. Refuses to replace an existing data set unless <paramref name="overwrite"/> is set.
    /// </summary>
    public static DatasetSpec Write(IMultiTaskDataset dataset, string directory, DatasetFormat format,
        bool overwrite = false, IProgress<DatasetWriteProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var root = Path.GetFullPath(directory);
        RequireTasks(dataset, format);
        var indexFile = Path.Combine(root, format == DatasetFormat.NyuV2 ? NyuV2Dataset.IndexFileName : TaskonomyDataset.IndexFileName);
        if (File.Exists(indexFile) && !overwrite)
            throw new IOException($"'{root}' already holds a data set ({indexFile}); choose another folder or allow overwriting.");
        Directory.CreateDirectory(root);

        if (format == DatasetFormat.NyuV2) NyuV2DatasetWriter.Write(dataset, root, progress);
        else TaskonomyDatasetWriter.Write(dataset, root, progress);

        return new DatasetSpec
        {
            Kind = format == DatasetFormat.NyuV2 ? DatasetKind.NyuV2 : DatasetKind.Taskonomy,
            Path = root,
            Height = dataset.Height,
            Width = dataset.Width,
        };
    }

    /// <summary>The layout that holds exactly these tasks: NYUv2 for its three tasks, Taskonomy for all five.</summary>
    public static DatasetFormat FormatFor(IReadOnlyList<string> tasks)
    {
        var set = tasks.ToHashSet();
        if (set.SetEquals(TaskNames.NyuV2)) return DatasetFormat.NyuV2;
        if (set.SetEquals(TaskNames.Taskonomy)) return DatasetFormat.Taskonomy;
        throw new ArgumentException(
            $"No on-disk layout holds exactly the tasks {string.Join(", ", tasks)}: the NYUv2 layout needs {string.Join(", ", TaskNames.NyuV2)}; " +
            $"the Taskonomy layout needs {string.Join(", ", TaskNames.Taskonomy)}.");
    }

    private static void RequireTasks(IMultiTaskDataset dataset, DatasetFormat format)
    {
        var needed = format == DatasetFormat.NyuV2 ? TaskNames.NyuV2 : TaskNames.Taskonomy;
        var missing = needed.Where(t => dataset.Tasks.All(task => task.Name != t)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The {format} layout stores {string.Join(", ", needed)}, but {dataset.Description} has no {string.Join(", ", missing)} targets.");
    }
}
