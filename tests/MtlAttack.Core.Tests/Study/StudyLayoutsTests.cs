using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Study;

public class StudyLayoutsTests
{
    // The NYUv2 heads of the synthetic scenes: 13 classes, 3 normal channels, 1 depth channel.
    private static readonly int[] Channels = [13, 3, 1];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(10)]
    public void ChosenLayoutsSpanSharedToIndependentDistinctAndSortedBySharing(int count)
    {
        var backbone = BackboneCatalog.Get("small");
        var chosen = StudyLayouts.Choose(count, backbone, Channels, 32, 32);

        Assert.Equal(count, chosen.Count);
        Assert.True(Layout.Parse(chosen[0].Layout).IsFullyShared, chosen[0].Layout);
        Assert.True(Layout.Parse(chosen[^1].Layout).IsFullyIndependent, chosen[^1].Layout);
        Assert.Equal(1.0, chosen[0].Sharing);
        Assert.Equal(0.0, chosen[^1].Sharing);
        Assert.Equal(count, chosen.Select(c => c.Index).Distinct().Count());
        Assert.Equal(chosen.OrderByDescending(c => c.Sharing).Select(c => c.Index), chosen.Select(c => c.Index));
        // Each layout is what its index names, and its sharing is the one `layouts` prints.
        foreach (var c in chosen)
        {
            var layout = Layouts.At(3, backbone.BlockCount, c.Index);
            Assert.Equal(layout.ToString(), c.Layout);
            Assert.Equal(LayoutMeasures.Compute(backbone, layout, Channels, 32, 32).MeanSharing, c.Sharing);
        }
    }

    [Fact]
    public void SixLayoutsTakeTheNearestToEvenlySpacedSharingDegrees()
    {
        var chosen = StudyLayouts.Choose(6, BackboneCatalog.Get("small"), Channels, 32, 32);
        // Targets 1, 0.8, 0.6, 0.4, 0.2, 0: every chosen degree lies within 0.1 of its target (the 51 layouts leave no wider gap there).
        double[] targets = [1, 0.8, 0.6, 0.4, 0.2, 0];
        foreach (var (layout, target) in chosen.Zip(targets))
            Assert.True(Math.Abs(layout.Sharing - target) < 0.1, $"{layout.Layout}: sharing {layout.Sharing} for target {target}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(52)]
    public void ACountOutsideTwoToAllLayoutsIsRefused(int count)
    {
        var e = Assert.Throws<ArgumentException>(() => StudyLayouts.Choose(count, BackboneCatalog.Get("small"), Channels, 32, 32));
        Assert.Contains("2 to 51", e.Message);
    }
}
