using MtlAttack.Core.Datasets;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>Checks <c>--split</c> against the dataset before any work, listing the splits it has.</summary>
public static class SplitChoice
{
    public static string Check(IMultiTaskDataset dataset, string split)
    {
        if (!dataset.Splits.Contains(split))
            throw new UsageException($"--split '{split}' does not exist in {dataset.Description}; use one of: {string.Join(", ", dataset.Splits)}.");
        if (dataset.Count(split) == 0)
            throw new UsageException($"Split '{split}' of {dataset.Description} is empty; pick another with --split ({string.Join(", ", dataset.Splits)}).");
        return split;
    }
}
