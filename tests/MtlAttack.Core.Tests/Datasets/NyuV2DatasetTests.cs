using System.Text;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Datasets;

public class NyuV2DatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A 2x3 AdaShare-layout fixture written without our writers: ImageSharp PNGs and a byte-level .npy.</summary>
    private string WriteHandMadeFixture(string json = """{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "test": []}""")
    {
        File.WriteAllText(_temp.File("nyu_v2_3task.json"), json);
        using (var image = new Image<Rgb24>(3, 2))
        {
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++)
                    image[x, y] = new Rgb24((byte)(10 + x), (byte)(20 + y), (byte)30);
            image.SaveAsPng(_temp.File("img/0.png"));
        }
        using (var seg = new Image<L8>(3, 2))
        {
            byte[] labels = [0, 1, 255, 39, 5, 2];
            for (int i = 0; i < 6; i++) seg[i % 3, i / 3] = new L8(labels[i]);
            seg.SaveAsPng(_temp.File("seg/0.png"));
        }
        using (var normal = new Image<Rgb24>(3, 2, new Rgb24(128, 128, 255)))
        {
            normal[0, 0] = new Rgb24(0, 0, 0);
            normal[1, 0] = new Rgb24(255, 0, 128);
            normal.SaveAsPng(_temp.File("normal_mask/0.png"));
        }
        WriteFloat32Npy(_temp.File("depth/0.npy"), "(2, 3)", [0f, 1.5f, -1f, float.NaN, 2f, 10f]);
        return _temp.Path;
    }

    private static void WriteFloat32Npy(string path, string shape, float[] values)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
    }

    [Fact]
    public void ReadsTheAdaShareLayoutWithTheReferenceConventions()
    {
        var dataset = new NyuV2Dataset(WriteHandMadeFixture());

        Assert.Equal(["train", "test"], dataset.Splits);
        Assert.Equal(1, dataset.Count("train"));
        Assert.Equal(0, dataset.Count("test"));
        Assert.Equal((321, 321), (dataset.Height, dataset.Width));
        Assert.Equal(ImageNormalization.NyuV2, dataset.Normalization);
        Assert.Equal(TaskNames.NyuV2, dataset.Tasks.Select(t => t.Name));
        Assert.Equal(40, dataset.Tasks[0].OutputChannels);

        using var sample = dataset.Load("train", 0);
        var (image, targets, masks) = PatternDataset.Flatten(sample);

        // BGR planes: B = 30 everywhere, G = 20 + y, R = 10 + x.
        Assert.Equal([30f, 30, 30, 30, 30, 30, 20, 20, 20, 21, 21, 21, 10, 11, 12, 10, 11, 12], image);
        Assert.Equal([0f, 1, 255, 39, 5, 2], targets[TaskNames.SegmentSemantic]);
        Assert.Equal([1f, 1, 0, 1, 1, 1], masks[TaskNames.SegmentSemantic]);

        // The reference's normals: OpenCV's B,G,R values as a direction; (R,G,B) = (128,128,255) and (255,0,128) have a
        // channel at 255 and are ignored; (0,0,0) counts, as a zero vector.
        Assert.Equal(NyuV2NormalEncoding.AdaShare, dataset.NormalEncoding);
        Assert.Equal([1f, 0, 0, 0, 0, 0], masks[TaskNames.Normal]);
        Assert.All(targets[TaskNames.Normal], v => Assert.Equal(0f, v));

        Assert.Equal([0f, 1.5f, 0, 0, 2, 10], targets[TaskNames.Depth]);
        Assert.Equal([0f, 1, 0, 0, 1, 1], masks[TaskNames.Depth]);
    }

    [Fact]
    public void AdaShareNormalsAreTheUnitVectorOfTheRawBgrValues()
    {
        var root = WriteHandMadeFixture();
        using (var normal = new Image<Rgb24>(3, 2, new Rgb24(0, 0, 0)))
        {
            normal[0, 0] = new Rgb24(4, 0, 3);      // B,G,R = 3,0,4: length 5
            normal[1, 0] = new Rgb24(254, 254, 254); // the largest valid value in every channel
            normal[2, 0] = new Rgb24(10, 255, 10);   // G at 255: ignored
            normal[0, 1] = new Rgb24(0, 12, 5);      // B,G,R = 5,12,0: length 13
            normal.SaveAsPng(_temp.File("normal_mask/0.png"));
        }

        using var sample = new NyuV2Dataset(root).Load("train", 0);
        var (_, targets, masks) = PatternDataset.Flatten(sample);

        Assert.Equal([1f, 1, 0, 1, 1, 1], masks[TaskNames.Normal]);
        float third = 1f / MathF.Sqrt(3);
        float[] expected = [0.6f, third, 0, 5f / 13, 0, 0, /* G */ 0, third, 0, 12f / 13, 0, 0, /* R */ 0.8f, third, 0, 0, 0, 0];
        Assert.Equal(expected, targets[TaskNames.Normal], new FloatTolerance(1e-6f));
    }

    [Fact]
    public void AnIndexNamingTheOldEncodingIsReadTheOldWay()
    {
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "normal_encoding": "signed-rgb"}""");

        var dataset = new NyuV2Dataset(root);
        using var sample = dataset.Load("train", 0);
        var (_, targets, masks) = PatternDataset.Flatten(sample);

        Assert.Equal(NyuV2NormalEncoding.SignedRgb, dataset.NormalEncoding);
        var normal = targets[TaskNames.Normal];
        Assert.Equal([0f, 1f, 1, 1, 1, 1], masks[TaskNames.Normal]);
        Assert.Equal((0f, 0f, 0f), (normal[0], normal[6], normal[12]));
        Assert.Equal(1f, normal[1], 5);
        Assert.Equal(-1f, normal[7], 5);
        Assert.Equal(128f / 255 * 2 - 1, normal[13], 5);
    }

    [Fact]
    public void AModelIsScoredOnlyOnNormalsReadTheWayItWasTrained()
    {
        var adashare = new NyuV2Dataset(WriteHandMadeFixture());
        Assert.Equal(new Dictionary<string, string> { ["normal_encoding"] = "adashare" }, adashare.TargetConventions);

        // Recorded in the provenance: the same reading passes, the other is refused naming both.
        Assert.Equal(3, Match(adashare, new() { ["normal_encoding"] = "adashare" }).Count);
        var refused = Assert.Throws<ArgumentException>(() => Match(adashare, new() { ["normal_encoding"] = "signed-rgb" }));
        Assert.Contains("'signed-rgb'", refused.Message);
        Assert.Contains("'adashare'", refused.Message);

        // Trained by MtlAttack on an nyuv2 folder before the record existed: every such folder was then read as signed-rgb.
        var before = new Dictionary<string, string> { ["trainer"] = "MtlAttack.Core.Training.MultiTaskTrainer", ["dataset"] = "nyuv2:/data/nyu" };
        Assert.Throws<ArgumentException>(() => Match(adashare, before));
        Assert.Equal(3, Match(new NyuV2Dataset(WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "num_classes": 40}""")), before).Count);

        // Nothing known (a synthetic-trained or foreign model): nothing to check.
        Assert.Equal(3, Match(adashare, new() { ["trainer"] = "MtlAttack.Core.Training.MultiTaskTrainer", ["dataset"] = "synthetic:count=10" }).Count);
        Assert.Equal(3, Match(adashare, null).Count);
    }

    private static IReadOnlyList<VisionTask> Match(NyuV2Dataset dataset, Dictionary<string, string>? provenance) =>
        Core.Models.ModelDatasetMatch.Tasks(dataset.Tasks.Select(t => new Core.Models.TaskHeadSpec(t.Name, t.OutputChannels)).ToList(), dataset.Normalization, dataset, provenance);

    [Fact]
    public void AnMtlAttackExportFromBeforeTheEncodingKeyIsReadTheOldWay()
    {
        // Our writer always wrote num_classes; AdaShare's release never has it.
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "num_classes": 40}""");

        Assert.Equal(NyuV2NormalEncoding.SignedRgb, new NyuV2Dataset(root).NormalEncoding);
    }

    [Fact]
    public void AnUnknownEncodingIsRefusedNamingTheKnownOnes()
    {
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "normal_encoding": "bgr"}""");

        var error = Assert.Throws<DataFileException>(() => new NyuV2Dataset(root));

        Assert.Contains("\"normal_encoding\": \"bgr\"", error.Message);
        Assert.Contains("\"adashare\"", error.Message);
        Assert.Contains("\"signed-rgb\"", error.Message);
    }

    [Fact]
    public void HonoursNumClassesSizeAndTaskSubset()
    {
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "num_classes": 41}""");

        var dataset = new NyuV2Dataset(root, 64, 80, ["seg", "depth"]);

        Assert.Equal((64, 80), (dataset.Height, dataset.Width));
        Assert.Equal([TaskNames.SegmentSemantic, TaskNames.Depth], dataset.Tasks.Select(t => t.Name));
        Assert.Equal(41, dataset.Tasks[0].OutputChannels);
        using var sample = dataset.Load("train", 0);
        Assert.Equal([TaskNames.Depth, TaskNames.SegmentSemantic], sample.Targets.Keys.Order());
    }

    [Fact]
    public void MissingFileNamesTheFileAndWhatItShouldHold()
    {
        var root = WriteHandMadeFixture();
        var seg = Path.Combine(root, "seg", "0.png");
        File.Delete(seg);
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<FileNotFoundException>(() => dataset.Load("train", 0));

        Assert.Contains(seg, error.Message);
        Assert.Contains("one channel", error.Message);
    }

    [Fact]
    public void DepthOfTheWrongShapeIsReported()
    {
        var root = WriteHandMadeFixture();
        var depth = Path.Combine(root, "depth", "0.npy");
        WriteFloat32Npy(depth, "(3, 2)", new float[6]);
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(depth, error.FilePath);
        Assert.Contains("expected 2x3", error.Message);
    }

    [Fact]
    public void DepthOfTheWrongDtypeIsReported()
    {
        var root = WriteHandMadeFixture();
        var depth = Path.Combine(root, "depth", "0.npy");
        NpyFile.Write(depth, new long[6], 2, 3);
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Contains(depth, error.Message);
        Assert.Contains("int64", error.Message);
        Assert.Contains("expected a float32 depth map", error.Message);
    }

    [Fact]
    public void CorruptPngIsReportedWithItsPath()
    {
        var root = WriteHandMadeFixture();
        var image = Path.Combine(root, "img", "0.png");
        File.WriteAllBytes(image, File.ReadAllBytes(image)[..30]);
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(image, error.FilePath);
        Assert.Contains("PNG or JPEG", error.Message);
    }

    [Fact]
    public void CorruptNpyIsReportedWithItsPath()
    {
        var root = WriteHandMadeFixture();
        var depth = Path.Combine(root, "depth", "0.npy");
        File.WriteAllText(depth, "garbage");
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(depth, error.FilePath);
        Assert.Contains(".npy", error.Message);
    }

    [Fact]
    public void LabelsBeyondTheClassCountAreReported()
    {
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png", "normal_mask/0.png", "depth/0.npy"]], "num_classes": 13}""");
        var dataset = new NyuV2Dataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Contains("label 39", error.Message);
        Assert.Contains("expected 0..12 or 255", error.Message);
    }

    [Fact]
    public void MalformedIndexNamesTheJsonFile()
    {
        var root = WriteHandMadeFixture("""{"train": [["img/0.png", "seg/0.png"]]}""");

        var error = Assert.Throws<DataFileException>(() => new NyuV2Dataset(root));

        Assert.Contains("nyu_v2_3task.json", error.Message);
        Assert.Contains("[image, seg, normal, depth]", error.Message);
    }

    [Fact]
    public void UnknownSplitListsTheSplits()
    {
        var dataset = new NyuV2Dataset(WriteHandMadeFixture());

        var error = Assert.Throws<ArgumentException>(() => dataset.Count("val"));

        Assert.Contains("'val'", error.Message);
        Assert.Contains("'train', 'test'", error.Message);
    }

    [Fact]
    public void MissingIndexSaysWhatTheFolderShouldHold()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new NyuV2Dataset(_temp.Path));

        Assert.Contains(Path.Combine(_temp.Path, "nyu_v2_3task.json"), error.Message);
        Assert.Contains("[image, seg, normal, depth]", error.Message);
    }

    [Fact]
    public void AnMtanFolderGetsAHint()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "train", "image"));

        var error = Assert.Throws<FileNotFoundException>(() => new NyuV2Dataset(_temp.Path));

        Assert.Contains("mtan:", error.Message);
    }
}
