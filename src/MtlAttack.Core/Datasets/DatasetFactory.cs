using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Datasets.Taskonomy;

namespace MtlAttack.Core.Datasets;

/// <summary>Opens the dataset a <see cref="DatasetSpec"/> names.</summary>
public static class DatasetFactory
{
    public static IMultiTaskDataset Open(string spec) => Open(DatasetSpec.Parse(spec));

    public static IMultiTaskDataset Open(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            DatasetKind.Synthetic => new SyntheticScenes(spec.Synthetic ?? new SyntheticSceneOptions()),
            DatasetKind.NyuV2 => new NyuV2Dataset(RequirePath(spec), spec.Height, spec.Width, spec.Tasks),
            DatasetKind.Mtan => new MtanDataset(RequirePath(spec), spec.Height, spec.Width, spec.Tasks),
            DatasetKind.Taskonomy => new TaskonomyDataset(RequirePath(spec), spec.Height, spec.Width, spec.Tasks),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown dataset kind."),
        };
    }

    private static string RequirePath(DatasetSpec spec) =>
        string.IsNullOrWhiteSpace(spec.Path)
            ? throw new ArgumentException($"Dataset spec '{spec}' names no data folder. Accepted forms: {DatasetSpec.AcceptedForms}.")
            : spec.Path;
}
