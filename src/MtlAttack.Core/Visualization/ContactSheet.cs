using MtlAttack.Core.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// One row per sample: the image, then every task's target rendered for a person (palette, colormap,
/// normals as RGB, heat over the image), with column titles on top.
/// </summary>
public static class ContactSheet
{
    public const string ImageColumn = "image";

    /// <summary>The columns a sheet of <paramref name="dataset"/> has: the image, then its tasks in display order.</summary>
    public static IReadOnlyList<string> Columns(IMultiTaskDataset dataset) =>
        [ImageColumn, .. TaskTiles.InDisplayOrder(dataset.Tasks.Select(t => t.Name))];

    /// <summary>Renders the first <paramref name="count"/> samples of <paramref name="split"/> (fewer if the split is smaller).</summary>
    public static Image<Rgb24> Render(IMultiTaskDataset dataset, string split, int count, ContactSheetOptions? options = null)
    {
        if (!dataset.Splits.Contains(split))
            throw new ArgumentException($"The dataset has no split '{split}'; it has {string.Join(", ", dataset.Splits)}.", nameof(split));
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Render at least one sample.");
        int rows = Math.Min(count, dataset.Count(split));
        if (rows == 0) throw new ArgumentException($"Split '{split}' of {dataset.Description} is empty.", nameof(split));

        var columns = Columns(dataset);
        var titles = columns.Select(c => c == ImageColumn ? "IMAGE" : TaskTiles.Title(c)).ToList();
        return TileGrid.Compose(rows, (row, tiles) => RenderRow(dataset, split, row, columns, tiles), titles, options);
    }

    private static void RenderRow(IMultiTaskDataset dataset, string split, int index, IReadOnlyList<string> columns, List<Image<Rgb24>> tiles)
    {
        using var scope = torch.NewDisposeScope();
        using var sample = dataset.Load(split, index);
        var photo = PhotoTile.Render(Planes.FromTensor(sample.Image), dataset.Normalization);
        tiles.Add(photo);
        foreach (var task in columns.Skip(1))
        {
            if (!sample.Targets.TryGetValue(task, out var targetTensor))
                throw new InvalidDataException($"Sample {index} of split '{split}' has no target for task '{task}', which the dataset lists.");
            var target = Planes.FromTensor(targetTensor);
            var mask = sample.Masks.TryGetValue(task, out var maskTensor) ? Planes.FromTensor(maskTensor) : null;
            if (mask is null || mask.Height != target.Height || mask.Width != target.Width)
                mask = Planes.Ones(target.Height, target.Width);
            tiles.Add(TaskTiles.Render(task, target, mask, photo));
        }
    }
}
