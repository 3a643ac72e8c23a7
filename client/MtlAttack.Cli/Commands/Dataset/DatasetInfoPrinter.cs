using System.Globalization;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Cli.Commands.Dataset;

/// <summary><c>dataset info</c>: what a model trained or attacked on this dataset will see.</summary>
public static class DatasetInfoPrinter
{
    public static void Print(IMultiTaskDataset dataset, TextWriter output)
    {
        // Only the synthetic scenes know their class names; the on-disk layouts store a class count.
        var classNames = dataset is SyntheticScenes ? SyntheticScenes.ClassNames : null;
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine($"Dataset:       {dataset.Description}");
        output.WriteLine($"Size:          {dataset.Height} x {dataset.Width} (height x width, as the loader feeds the model)");
        output.WriteLine($"Stored size:   {StoredSize(dataset)}");
        output.WriteLine(string.Create(invariant,
            $"Normalisation: {dataset.Normalization.ChannelOrder}, mean subtracted [{string.Join(", ", dataset.Normalization.Mean.Select(m => m.ToString("0.###", invariant)))}] in 0..255 units"));
        if (dataset.TargetConventions.Count > 0)
            output.WriteLine($"Targets read:  {string.Join(", ", dataset.TargetConventions.Select(c => $"{c.Key} {c.Value}"))} (a model is scored only on targets read as it was trained)");
        output.WriteLine($"Splits:        {string.Join(", ", dataset.Splits.Select(s => $"{s} {dataset.Count(s)}"))} (total {dataset.Splits.Sum(dataset.Count)})");
        output.WriteLine($"Tasks:         {dataset.Tasks.Count}");
        foreach (var task in dataset.Tasks)
        {
            output.WriteLine($"  {task.Name,-17} {task.OutputChannels} output channel{(task.OutputChannels == 1 ? "" : "s")}; metrics {string.Join(", ", task.Metrics.Select(m => m.Name))}");
            if (task is SemanticSegmentationTask segmentation)
                output.WriteLine($"  {"",-17} classes: {DescribeClasses(segmentation.ClassCount, classNames)}; label {TaskNames.IgnoreLabel} is ignored" +
                                 (segmentation.ClassWeights is null ? "" : "; loss weighted per class"));
        }
    }

    // Readers keep samples at their stored size and the loader resizes; both sizes matter when judging a dataset.
    private static string StoredSize(IMultiTaskDataset dataset)
    {
        var split = dataset.Splits.FirstOrDefault(s => dataset.Count(s) > 0);
        if (split is null) return "no samples";
        using var scope = torch.NewDisposeScope();
        using var sample = dataset.Load(split, 0);
        return $"{sample.Height} x {sample.Width} (first sample of '{split}')";
    }

    private static string DescribeClasses(int count, IReadOnlyList<string>? names) =>
        names is { Count: > 0 } && names.Count == count
            ? $"{count} ({string.Join(", ", names.Select((n, i) => $"{i} {n}"))})"
            : count.ToString(CultureInfo.InvariantCulture);
}
