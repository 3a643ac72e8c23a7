using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Taskonomy;
using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Datasets;

public class TaskonomyDatasetTests : IDisposable
{
    private const string Entry =
        """["allensville/rgb/p0_rgb.png", "allensville/segment_semantic/p0_seg.png", "allensville/normal/p0_normal.png", "allensville/depth_zbuffer/p0_depth.png", "allensville/keypoints2d/p0_kp.png", "allensville/edge_texture/p0_edge.png"]""";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// One 1x3 sample in TreeMTL's arrangement (paths relative to root/train), written with ImageSharp directly:
    /// 8-bit labels, 16-bit depth/keypoints/edges, and a 3-class prior factor.
    /// </summary>
    private string WriteFixture(bool withPrior = true)
    {
        File.WriteAllText(_temp.File("taskonomy.json"), $$"""{"train": [{{Entry}}], "test_small": []}""");
        string Train(string relative) => _temp.File(Path.Combine("train", "allensville", relative));
        using (var rgb = new Image<Rgb24>(3, 1))
        {
            for (int x = 0; x < 3; x++) rgb[x, 0] = new Rgb24((byte)(100 + x), 50, 7);
            rgb.SaveAsPng(Train("rgb/p0_rgb.png"));
        }
        SaveGray8(Train("segment_semantic/p0_seg.png"), [0, 1, 3]);
        using (var normal = new Image<Rgb24>(3, 1, new Rgb24(255, 0, 128)))
            normal.SaveAsPng(Train("normal/p0_normal.png"));
        ImageFile.WritePng16(Train("depth_zbuffer/p0_depth.png"), [0, 512, 64500], 1, 3);
        ImageFile.WritePng16(Train("keypoints2d/p0_kp.png"), [0, 164, 65535], 1, 3);
        ImageFile.WritePng16(Train("edge_texture/p0_edge.png"), [0, 2621, 65535], 1, 3);
        if (withPrior) NpyFile.Write(_temp.File("semseg_prior_factor.npy"), new[] { 0.5f, 1f, 2f }, 3);
        return _temp.Path;
    }

    private static void SaveGray8(string path, byte[] values)
    {
        using var image = new Image<L8>(values.Length, 1);
        for (int x = 0; x < values.Length; x++) image[x, 0] = new L8(values[x]);
        image.SaveAsPng(path);
    }

    [Fact]
    public void ReadsTheReferenceLayoutAndMapping()
    {
        var dataset = new TaskonomyDataset(WriteFixture());

        Assert.Equal(["train", "test_small"], dataset.Splits);
        Assert.Equal((224, 224), (dataset.Height, dataset.Width));
        Assert.Equal(ImageNormalization.NyuV2, dataset.Normalization);
        Assert.Equal(TaskNames.Taskonomy, dataset.Tasks.Select(t => t.Name));
        var segmentation = Assert.IsType<SemanticSegmentationTask>(dataset.Tasks[0]);
        Assert.Equal(3, segmentation.ClassCount);
        Assert.Equal([0.5f, 1f, 2f], segmentation.ClassWeights!);

        using var sample = dataset.Load("train", 0);
        var (image, targets, masks) = PatternDataset.Flatten(sample);

        Assert.Equal([7f, 7, 7, 50, 50, 50, 100, 101, 102], image);
        Assert.Equal([255f, 0, 2], targets[TaskNames.SegmentSemantic]);
        Assert.Equal([0f, 1, 1], masks[TaskNames.SegmentSemantic]);
        Assert.Equal([0f, (float)(Math.Log(513) / Math.Log(65536)), 0f], targets[TaskNames.Depth], new FloatTolerance(1e-6f));
        Assert.Equal([1f, 1, 0], masks[TaskNames.Depth]);
        Assert.Equal([1f, 1, 0], masks[TaskNames.Normal]);
        Assert.Equal([1f, 1, 1, -1, -1, -1, 128f / 255 * 2 - 1, 128f / 255 * 2 - 1, 128f / 255 * 2 - 1],
            targets[TaskNames.Normal], new FloatTolerance(1e-6f));
        Assert.Equal([-1f, 164f / 65536 / 0.005f * 2 - 1, 1f], targets[TaskNames.Keypoints], new FloatTolerance(1e-5f));
        Assert.Equal([-1f, 2621f / 65536 / 0.08f * 2 - 1, 1f], targets[TaskNames.Edges], new FloatTolerance(1e-5f));
        Assert.Equal([1f, 1, 1], masks[TaskNames.Edges]);
    }

    [Fact]
    public void WithoutPriorFactorUsesSeventeenUnweightedClasses()
    {
        var dataset = new TaskonomyDataset(WriteFixture(withPrior: false), 32, 32, ["seg", "edge"]);

        var segmentation = Assert.IsType<SemanticSegmentationTask>(dataset.Tasks[0]);
        Assert.Equal(17, segmentation.ClassCount);
        Assert.Null(segmentation.ClassWeights);
        Assert.Equal([TaskNames.SegmentSemantic, TaskNames.Edges], dataset.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void SegmentationValuesBeyondTheClassesAreReported()
    {
        var root = WriteFixture();
        var seg = Path.Combine(root, "train", "allensville", "segment_semantic", "p0_seg.png");
        SaveGray8(seg, [0, 4, 1]);
        var dataset = new TaskonomyDataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(seg, error.FilePath);
        Assert.Contains("expected 0 (unlabelled) or 1..3", error.Message);
    }

    [Fact]
    public void MissingFileNamesBothPlacesLookedAt()
    {
        var root = WriteFixture();
        File.Delete(Path.Combine(root, "train", "allensville", "keypoints2d", "p0_kp.png"));
        var dataset = new TaskonomyDataset(root);

        var error = Assert.Throws<FileNotFoundException>(() => dataset.Load("train", 0));

        Assert.Contains(Path.Combine(root, "allensville", "keypoints2d", "p0_kp.png"), error.Message);
        Assert.Contains(Path.Combine(root, "train", "allensville", "keypoints2d", "p0_kp.png"), error.Message);
        Assert.Contains("16-bit keypoints2d PNG", error.Message);
    }

    [Fact]
    public void TargetOfAnotherSizeThanTheImageIsReported()
    {
        var root = WriteFixture();
        var depth = Path.Combine(root, "train", "allensville", "depth_zbuffer", "p0_depth.png");
        ImageFile.WritePng16(depth, [1, 2, 3, 4], 2, 2);
        var dataset = new TaskonomyDataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(depth, error.FilePath);
        Assert.Contains("is 2x2; expected 1x3", error.Message);
    }

    [Fact]
    public void PriorFactorOfTheWrongShapeIsReported()
    {
        var root = WriteFixture();
        var prior = Path.Combine(root, "semseg_prior_factor.npy");
        NpyFile.Write(prior, new float[4], 2, 2);

        var error = Assert.Throws<DataFileException>(() => new TaskonomyDataset(root));

        Assert.Equal(prior, error.FilePath);
        Assert.Contains("shape (K,)", error.Message);
    }
}
