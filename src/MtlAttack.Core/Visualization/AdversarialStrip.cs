using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// One row per adversarial example: the clean image, the adversarial image, the perturbation, then the model's
/// prediction on the adversarial image for every task, drawn as the contact sheet draws targets.
/// The perturbation is made visible as 0.5 + delta / (2 epsilon) in every channel, so mid-gray is no change and the
/// two ends of the budget are 0 and 255 in that channel, shown in RGB whatever order the model reads; with epsilon 0
/// (no perturbation) it is flat gray.
/// </summary>
public static class AdversarialStrip
{
    public const string CleanColumn = "CLEAN", AdversarialColumn = "ADVERSARIAL", PerturbationColumn = "PERTURBATION";

    /// <summary>Column titles: the three image columns, then the tasks' predictions in display order.</summary>
    public static IReadOnlyList<string> Titles(IEnumerable<string> tasks) =>
        [CleanColumn, AdversarialColumn, PerturbationColumn, .. TaskTiles.InDisplayOrder(tasks).Select(t => $"{TaskTiles.Title(t)} PRED")];

    /// <param name="clean">[N,3,H,W] in 0..255 (mean added back), the model's channel order.</param>
    /// <param name="adversarial">Same shape and units as <paramref name="clean"/>.</param>
    /// <param name="predictions">Per task, the model's output on the adversarial images, [N,C,h,w].</param>
    public static Image<Rgb24> Render(Tensor clean, Tensor adversarial, IReadOnlyDictionary<string, Tensor> predictions,
        ImageNormalization normalization, double epsilon, ContactSheetOptions? options = null)
    {
        if (clean.dim() != 4 || !clean.shape.SequenceEqual(adversarial.shape))
            throw new ArgumentException($"Clean and adversarial images must both be [N,3,H,W]; got [{string.Join(",", clean.shape)}] and [{string.Join(",", adversarial.shape)}].");
        var tasks = TaskTiles.InDisplayOrder(predictions.Keys).ToList();
        return TileGrid.Compose((int)clean.shape[0], (i, tiles) => Row(clean, adversarial, predictions, tasks, normalization, epsilon, i, tiles), Titles(tasks), options);
    }

    private static void Row(Tensor clean, Tensor adversarial, IReadOnlyDictionary<string, Tensor> predictions,
        IReadOnlyList<string> tasks, ImageNormalization normalization, double epsilon, int index, List<Image<Rgb24>> tiles)
    {
        using var scope = NewDisposeScope();
        long height = clean.shape[2], width = clean.shape[3];
        double scale = epsilon > 0 ? 127.5 / epsilon : 0;
        tiles.Add(PhotoTile.Render(Planes.FromTensor(clean[index]), normalization));
        var adversarialPhoto = PhotoTile.Render(Planes.FromTensor(adversarial[index]), normalization);
        tiles.Add(adversarialPhoto);
        tiles.Add(PhotoTile.Render(Planes.FromTensor(adversarial[index] - clean[index]), normalization, delta => 127.5 + scale * delta));
        var everywhere = Planes.Ones((int)height, (int)width);
        foreach (var task in tasks)
            tiles.Add(TaskTiles.Render(task, PredictionPlanes(task, predictions[task][index], height, width), everywhere, adversarialPhoto));
    }

    /// <summary>
    /// A head's output in the form its target has, so <see cref="TaskTiles"/> draws predictions and ground truth
    /// alike: class indices for segmentation (argmax), unit vectors for normals, the raw map otherwise, all resized to
    /// the image (bilinear, as the losses resize).
    /// </summary>
    /// <param name="prediction">[C,h,w] output of one task's head for one image.</param>
    private static Planes PredictionPlanes(string task, Tensor prediction, long height, long width)
    {
        using var scope = NewDisposeScope();
        var resized = PredictionResizer.ToSize(prediction.detach().unsqueeze(0).to_type(ScalarType.Float32), height, width)[0];
        var planes = task switch
        {
            TaskNames.SegmentSemantic => resized.argmax(0, keepdim: true).to_type(ScalarType.Float32),
            TaskNames.Normal => nn.functional.normalize(resized, p: 2, dim: 0),
            _ => resized,
        };
        return Planes.FromTensor(planes);
    }
}
