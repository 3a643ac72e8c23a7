using MtlAttack.Core.Tasks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// Renders one task's target as an RGB tile at the target's own size. Pixels the mask marks invalid are
/// black, so holes in the ground truth are visible rather than painted over.
/// </summary>
public static class TaskTiles
{
    /// <summary>Column order on a contact sheet: the image first, then the tasks in this order, then any others.</summary>
    public static IReadOnlyList<string> DisplayOrder { get; } =
        [TaskNames.SegmentSemantic, TaskNames.Depth, TaskNames.Normal, TaskNames.Edges, TaskNames.Keypoints];

    /// <summary><paramref name="tasks"/> in <see cref="DisplayOrder"/>, then any others in their own order.</summary>
    public static IEnumerable<string> InDisplayOrder(IEnumerable<string> tasks)
    {
        var names = tasks.ToList();
        return DisplayOrder.Where(names.Contains).Concat(names.Where(n => !DisplayOrder.Contains(n)));
    }

    /// <summary>Short column titles that fit a 128-pixel cell in the built-in font.</summary>
    public static string Title(string task) => task switch
    {
        TaskNames.SegmentSemantic => "SEMANTIC",
        TaskNames.Depth => "DEPTH",
        TaskNames.Normal => "NORMALS",
        TaskNames.Edges => "EDGES",
        TaskNames.Keypoints => "KEYPOINTS",
        _ => task.ToUpperInvariant(),
    };

    /// <param name="target">[C,H,W] target as the dataset stores it.</param>
    /// <param name="mask">[1,H,W] validity mask, the target's size.</param>
    /// <param name="photo">The sample's image, for overlays.</param>
    public static Image<Rgb24> Render(string task, Planes target, Planes mask, Image<Rgb24> photo) => task switch
    {
        TaskNames.SegmentSemantic => Segmentation(target, mask),
        TaskNames.Depth => Scalar(target, mask, Colormaps.Viridis),
        TaskNames.Normal => Normals(target, mask),
        TaskNames.Edges => Scalar(target, mask, Colormaps.Gray),
        TaskNames.Keypoints => HeatOverPhoto(target, mask, photo),
        _ => target.Channels == 3 ? Normals(target, mask) : Scalar(target, mask, Colormaps.Viridis),
    };

    private static Image<Rgb24> Segmentation(Planes labels, Planes mask) =>
        Paint(labels, mask, (y, x) => SegmentationPalette.ColorOf((int)MathF.Round(labels[0, y, x])));

    // Normalised per image: absolute depth differs by orders of magnitude between scenes, and the
    // point of the preview is to see the structure.
    private static Image<Rgb24> Scalar(Planes values, Planes mask, Func<double, Rgb24> colormap)
    {
        var range = ValueRange.Of(values, 0, mask);
        return Paint(values, mask, (y, x) => colormap(range.Normalize(values[0, y, x])));
    }

    private static Image<Rgb24> Normals(Planes normals, Planes mask) =>
        Paint(normals, mask, (y, x) => new Rgb24(
            Colormaps.ToByte((normals[0, y, x] + 1) * 127.5),
            Colormaps.ToByte((normals[1, y, x] + 1) * 127.5),
            Colormaps.ToByte((normals[2, y, x] + 1) * 127.5)));

    // The photo is dimmed to gray so the heat, not the scene's own colours, draws the eye; the heat's
    // strength is also its opacity, so cold regions show the scene for orientation.
    private static Image<Rgb24> HeatOverPhoto(Planes heat, Planes mask, Image<Rgb24> photo)
    {
        var strongest = MaxOverChannels(heat);
        var range = ValueRange.Of(strongest, 0, mask);
        var tile = new Image<Rgb24>(heat.Width, heat.Height);
        for (int y = 0; y < heat.Height; y++)
            for (int x = 0; x < heat.Width; x++)
            {
                var p = photo[x * photo.Width / heat.Width, y * photo.Height / heat.Height];
                double gray = 0.5 * (0.299 * p.R + 0.587 * p.G + 0.114 * p.B);
                double alpha = mask.IsValid(y, x) ? range.Normalize(strongest[0, y, x]) : 0;
                var hot = Colormaps.Hot(alpha);
                tile[x, y] = new Rgb24(
                    Colormaps.ToByte(gray * (1 - alpha) + hot.R * alpha),
                    Colormaps.ToByte(gray * (1 - alpha) + hot.G * alpha),
                    Colormaps.ToByte(gray * (1 - alpha) + hot.B * alpha));
            }
        return tile;
    }

    private static Planes MaxOverChannels(Planes planes)
    {
        if (planes.Channels == 1) return planes;
        var values = new float[planes.Height * planes.Width];
        for (int y = 0; y < planes.Height; y++)
            for (int x = 0; x < planes.Width; x++)
            {
                float best = float.NegativeInfinity;
                for (int c = 0; c < planes.Channels; c++) best = MathF.Max(best, planes[c, y, x]);
                values[y * planes.Width + x] = best;
            }
        return new Planes(1, planes.Height, planes.Width, values);
    }

    private static Image<Rgb24> Paint(Planes values, Planes mask, Func<int, int, Rgb24> colorAt)
    {
        var tile = new Image<Rgb24>(values.Width, values.Height);
        for (int y = 0; y < values.Height; y++)
            for (int x = 0; x < values.Width; x++)
                tile[x, y] = mask.IsValid(y, x) ? colorAt(y, x) : default;
        return tile;
    }
}
