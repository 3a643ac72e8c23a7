using MtlAttack.Core.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// One row per adversarial example: the clean image, the adversarial image, the perturbation
/// (<see cref="PerturbationTile"/>), then the model's prediction on the adversarial image for every task, drawn
/// as the contact sheet draws targets.
/// </summary>
public static class AdversarialStrip
{
    public const string CleanColumn = "CLEAN", AdversarialColumn = "ADVERSARIAL", PerturbationColumn = "PERTURBATION";

    /// <summary>Column titles: the three image columns, then the tasks' predictions in display order.</summary>
    public static IReadOnlyList<string> Titles(IEnumerable<string> tasks) =>
        [CleanColumn, AdversarialColumn, PerturbationColumn, .. DisplayOrder(tasks).Select(t => $"{TaskTiles.Title(t)} PRED")];

    /// <param name="clean">[N,3,H,W] in 0..255 (mean added back), the model's channel order.</param>
    /// <param name="adversarial">Same shape and units as <paramref name="clean"/>.</param>
    /// <param name="predictions">Per task, the model's output on the adversarial images, [N,C,h,w].</param>
    public static Image<Rgb24> Render(Tensor clean, Tensor adversarial, IReadOnlyDictionary<string, Tensor> predictions,
        ImageNormalization normalization, double epsilon, ContactSheetOptions? options = null)
    {
        if (clean.dim() != 4 || !clean.shape.SequenceEqual(adversarial.shape))
            throw new ArgumentException($"Clean and adversarial images must both be [N,3,H,W]; got [{string.Join(",", clean.shape)}] and [{string.Join(",", adversarial.shape)}].");
        var tasks = DisplayOrder(predictions.Keys).ToList();
        var rows = new List<IReadOnlyList<Image<Rgb24>>>();
        try
        {
            for (int i = 0; i < clean.shape[0]; i++) rows.Add(Row(clean, adversarial, predictions, tasks, normalization, epsilon, i));
            return TileGrid.Compose(rows, Titles(tasks), options);
        }
        finally
        {
            foreach (var tile in rows.SelectMany(r => r)) tile.Dispose();
        }
    }

    private static List<Image<Rgb24>> Row(Tensor clean, Tensor adversarial, IReadOnlyDictionary<string, Tensor> predictions,
        IReadOnlyList<string> tasks, ImageNormalization normalization, double epsilon, int index)
    {
        using var scope = NewDisposeScope();
        long height = clean.shape[2], width = clean.shape[3];
        var adversarialPhoto = PhotoTile.Render(Planes.FromTensor(adversarial[index]), normalization);
        var tiles = new List<Image<Rgb24>>
        {
            PhotoTile.Render(Planes.FromTensor(clean[index]), normalization),
            adversarialPhoto,
            PerturbationTile.Render(Planes.FromTensor(adversarial[index] - clean[index]), normalization, epsilon),
        };
        try
        {
            var everywhere = Planes.Ones((int)height, (int)width);
            foreach (var task in tasks)
                tiles.Add(TaskTiles.Render(task, PredictionPlanes.From(task, predictions[task][index], height, width), everywhere, adversarialPhoto));
            return tiles;
        }
        catch
        {
            foreach (var tile in tiles) tile.Dispose();
            throw;
        }
    }

    private static IEnumerable<string> DisplayOrder(IEnumerable<string> tasks)
    {
        var names = tasks.ToList();
        return TaskTiles.DisplayOrder.Where(names.Contains).Concat(names.Where(n => !TaskTiles.DisplayOrder.Contains(n)));
    }
}
