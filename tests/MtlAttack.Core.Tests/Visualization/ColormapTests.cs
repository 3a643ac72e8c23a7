using MtlAttack.Core.Tasks;
using MtlAttack.Core.Visualization;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Visualization;

public sealed class ColormapTests
{
    [Fact]
    public void Viridis_runs_from_dark_purple_to_yellow_and_clamps()
    {
        Assert.Equal(new Rgb24(0x44, 0x01, 0x54), Colormaps.Viridis(0));
        Assert.Equal(new Rgb24(0xfd, 0xe7, 0x25), Colormaps.Viridis(1));
        Assert.Equal(Colormaps.Viridis(0), Colormaps.Viridis(-3));
        Assert.Equal(Colormaps.Viridis(1), Colormaps.Viridis(7));
    }

    [Fact]
    public void Viridis_gets_brighter_monotonically()
    {
        static double Luma(Rgb24 c) => 0.299 * c.R + 0.587 * c.G + 0.114 * c.B;
        var lumas = Enumerable.Range(0, 101).Select(i => Luma(Colormaps.Viridis(i / 100.0))).ToList();
        for (int i = 1; i < lumas.Count; i++)
            Assert.True(lumas[i] >= lumas[i - 1], $"luma drops at {i / 100.0}");
    }

    [Fact]
    public void The_palette_gives_the_first_forty_classes_distinct_colours_and_the_ignore_label_black()
    {
        var colors = Enumerable.Range(0, 40).Select(SegmentationPalette.ColorOf).ToList();
        Assert.Equal(40, colors.Distinct().Count());
        Assert.DoesNotContain(SegmentationPalette.Ignore, colors);
        Assert.Equal(new Rgb24(0, 0, 0), SegmentationPalette.ColorOf(TaskNames.IgnoreLabel));
    }
}
