using MtlAttack.Core.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Visualization;

/// <summary>The input image as a person expects to see it: RGB, 0..255, whatever order the dataset stores.</summary>
public static class PhotoTile
{
    /// <param name="image">[3,H,W] in 0..255, not mean-subtracted, in the dataset's channel order.</param>
    /// <param name="level">The 0..255 level a value is drawn at; the value itself when null.</param>
    public static Image<Rgb24> Render(Planes image, ImageNormalization normalization, Func<float, double>? level = null)
    {
        if (image.Channels != 3)
            throw new ArgumentException($"Expected a 3-channel image, got {image.Channels} channels.", nameof(image));
        level ??= value => value;
        bool bgr = string.Equals(normalization.ChannelOrder, "BGR", StringComparison.OrdinalIgnoreCase);
        int red = bgr ? 2 : 0, blue = bgr ? 0 : 2;
        var tile = new Image<Rgb24>(image.Width, image.Height);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                tile[x, y] = new Rgb24(
                    Colormaps.ToByte(level(image[red, y, x])),
                    Colormaps.ToByte(level(image[1, y, x])),
                    Colormaps.ToByte(level(image[blue, y, x])));
        return tile;
    }
}
