using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Tests.Datasets;

public class DatasetSpecTests
{
    [Fact]
    public void BareSyntheticUsesTheDefaultScenes()
    {
        var spec = DatasetSpec.Parse("synthetic");

        Assert.Equal(DatasetKind.Synthetic, spec.Kind);
        Assert.Equal(1000, spec.Synthetic!.Count);
        Assert.Equal(TaskNames.NyuV2, spec.Synthetic.Tasks);
        Assert.Equal("synthetic:count=1000,size=64,seed=1,tasks=segment_semantic+normal+depth_zbuffer", spec.ToString());
    }

    [Fact]
    public void SyntheticOptionsAreParsedWithTaskAliases()
    {
        var spec = DatasetSpec.Parse("Synthetic:count=40, size=32,seed=-3,tasks=seg+sn+keypoint,test=0.25");

        Assert.Equal(40, spec.Synthetic!.Count);
        Assert.Equal(32, spec.Synthetic.Size);
        Assert.Equal(-3, spec.Synthetic.Seed);
        Assert.Equal(0.25, spec.Synthetic.TestFraction);
        Assert.Equal([TaskNames.SegmentSemantic, TaskNames.Normal, TaskNames.Keypoints], spec.Synthetic.Tasks);
        Assert.Equal((32, 32), (spec.Height, spec.Width));
        Assert.Equal(spec, DatasetSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("nyuv2:/data/nyu", DatasetKind.NyuV2, "/data/nyu", null, null)]
    [InlineData("mtan:/data/mtan,size=256", DatasetKind.Mtan, "/data/mtan", 256, 256)]
    [InlineData("taskonomy:/data/tiny,size=128x96", DatasetKind.Taskonomy, "/data/tiny", 128, 96)]
    [InlineData("nyuv2:/data/a,b,size=64", DatasetKind.NyuV2, "/data/a,b", 64, 64)]
    [InlineData(@"taskonomy:C:\data\tiny", DatasetKind.Taskonomy, @"C:\data\tiny", null, null)]
    public void ReaderSpecsKeepThePathAndTheSize(string text, DatasetKind kind, string path, int? height, int? width)
    {
        var spec = DatasetSpec.Parse(text);

        Assert.Equal(kind, spec.Kind);
        Assert.Equal(path, spec.Path);
        Assert.Equal((height, width), (spec.Height, spec.Width));
        Assert.Equal(spec, DatasetSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void ReaderSpecsTakeATaskSubset()
    {
        var spec = DatasetSpec.Parse("taskonomy:/d,tasks=edge+depth,size=64");

        Assert.Equal([TaskNames.Edges, TaskNames.Depth], spec.Tasks);
        Assert.Equal("taskonomy:/d,size=64,tasks=edge_texture+depth_zbuffer", spec.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("imagenet:/data", "'imagenet' is not a dataset kind")]
    [InlineData("nyuv2:", "needs a data folder")]
    [InlineData("nyuv2", "needs a data folder")]
    [InlineData("nyuv2:/d,size=0", "size must be positive")]
    [InlineData("nyuv2:/d,size=12x", "size")]
    [InlineData("synthetic:count=ten", "count 'ten' is not an integer")]
    [InlineData("synthetic:size=32x16", "synthetic scenes are square")]
    [InlineData("synthetic:colour=red", "no option 'colour'")]
    [InlineData("synthetic:count=1", "count >= 2")]
    [InlineData("synthetic:tasks=seg+flow", "Unknown task 'flow'")]
    [InlineData("synthetic:seed", "'seed' is not key=value")]
    public void BadSpecsSayWhatIsWrongAndShowTheAcceptedForms(string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => DatasetSpec.Parse(text));

        Assert.Contains(problem, error.Message);
        Assert.Contains(DatasetSpec.AcceptedForms, error.Message);
        Assert.False(DatasetSpec.TryParse(text, out _, out var message));
        Assert.Equal(error.Message, message);
    }
}
