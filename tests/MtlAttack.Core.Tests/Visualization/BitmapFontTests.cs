using MtlAttack.Core.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Visualization;

public sealed class BitmapFontTests
{
    [Fact]
    public void Text_is_drawn_inside_its_measured_box()
    {
        using var image = new Image<Rgb24>(80, 30);
        var white = new Rgb24(255, 255, 255);

        BitmapFont.Draw(image, "Depth", 3, 4, 2, white);

        int width = BitmapFont.MeasureWidth("Depth", 2), height = BitmapFont.MeasureHeight(2);
        int inside = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                bool inBox = x >= 3 && x < 3 + width && y >= 4 && y < 4 + height;
                if (image[x, y].Equals(white))
                {
                    Assert.True(inBox, $"ink outside the box at ({x},{y})");
                    inside++;
                }
            }
        Assert.True(inside > 50);
    }

    [Fact]
    public void Drawing_past_the_edge_is_clipped_not_an_error()
    {
        using var image = new Image<Rgb24>(10, 10);
        BitmapFont.Draw(image, "KEYPOINTS", -5, 6, 3, new Rgb24(255, 0, 0));
    }
}
