using MtlAttack.Core.Datasets;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// An adversarial perturbation made visible: every channel as 0.5 + delta / (2 epsilon), so mid-gray is no change
/// and the two ends of the budget are 0 and 255 in that channel, shown in RGB whatever order the model reads.
/// </summary>
public static class PerturbationTile
{
    /// <param name="delta">[3,H,W] adversarial minus clean, in 0..255 pixel units and the model's channel order.</param>
    /// <param name="epsilon">The L-infinity budget; with 0 (no perturbation) the tile is flat gray.</param>
    public static Image<Rgb24> Render(Planes delta, ImageNormalization normalization, double epsilon)
    {
        if (delta.Channels != 3)
            throw new ArgumentException($"Expected a 3-channel perturbation, got {delta.Channels} channels.", nameof(delta));
        bool bgr = string.Equals(normalization.ChannelOrder, "BGR", StringComparison.OrdinalIgnoreCase);
        int red = bgr ? 2 : 0, blue = bgr ? 0 : 2;
        double scale = epsilon > 0 ? 127.5 / epsilon : 0;
        var tile = new Image<Rgb24>(delta.Width, delta.Height);
        for (int y = 0; y < delta.Height; y++)
            for (int x = 0; x < delta.Width; x++)
                tile[x, y] = new Rgb24(
                    Colormaps.ToByte(127.5 + scale * delta[red, y, x]),
                    Colormaps.ToByte(127.5 + scale * delta[1, y, x]),
                    Colormaps.ToByte(127.5 + scale * delta[blue, y, x]));
        return tile;
    }
}
