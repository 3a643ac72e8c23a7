using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.IO;

namespace MtlAttack.Core.Tests.Datasets;

public class MtanDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>MTAN's preprocessed layout, 2x2 samples: float64 image as numpy writes it by default, float32 targets.</summary>
    private string WriteFixture(int trainCount = 2)
    {
        foreach (var (folder, count) in new[] { ("train", trainCount), ("val", 1) })
            for (int n = 0; n < count; n++)
            {
                // Pixel p has R = 0.1 p, G = 0.5, B = 1.0 (HxWx3, interleaved).
                var image = new double[12];
                for (int p = 0; p < 4; p++) (image[3 * p], image[3 * p + 1], image[3 * p + 2]) = (0.1 * p, 0.5, 1.0);
                NpyFile.Write(_temp.File($"{folder}/image/{n}.npy"), image, 2, 2, 3);
                NpyFile.Write(_temp.File($"{folder}/label/{n}.npy"), new[] { -1f, 0f, 12f, 3f }, 2, 2);
                NpyFile.Write(_temp.File($"{folder}/depth/{n}.npy"), new[] { 0f, 1f, 2.5f, 4f }, 2, 2, 1);
                NpyFile.Write(_temp.File($"{folder}/normal/{n}.npy"), new[] { 0f, 0f, 0f, 1f, 0f, 0f, 0f, -1f, 0f, 0f, 0f, 1f }, 2, 2, 3);
            }
        return _temp.Path;
    }

    [Fact]
    public void MapsMtanConventionsToOurs()
    {
        var dataset = new MtanDataset(WriteFixture());

        Assert.Equal(["train", "test"], dataset.Splits);
        Assert.Equal((2, 1), (dataset.Count("train"), dataset.Count("test")));
        Assert.Equal((288, 384), (dataset.Height, dataset.Width));
        Assert.Equal(ImageNormalization.NyuV2, dataset.Normalization);
        Assert.Equal(13, dataset.Tasks.Single(t => t.Name == TaskNames.SegmentSemantic).OutputChannels);

        using var sample = dataset.Load("test", 0);
        var (image, targets, masks) = PatternDataset.Flatten(sample);

        // BGR planes in 0..255.
        Assert.Equal([255f, 255, 255, 255, 127.5f, 127.5f, 127.5f, 127.5f], image[..8]);
        Assert.Equal([0f, 25.5f, 51f, 76.5f], image[8..], new FloatTolerance(1e-3f));
        Assert.Equal([255f, 0, 12, 3], targets[TaskNames.SegmentSemantic]);
        Assert.Equal([0f, 1, 1, 1], masks[TaskNames.SegmentSemantic]);
        Assert.Equal([0f, 1, 2.5f, 4], targets[TaskNames.Depth]);
        Assert.Equal([0f, 1, 1, 1], masks[TaskNames.Depth]);
        // Channel-major normals: x plane, then y, then z.
        Assert.Equal([0f, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1], targets[TaskNames.Normal]);
        Assert.Equal([0f, 1, 1, 1], masks[TaskNames.Normal]);
    }

    [Fact]
    public void AGapInTheNumberingNamesTheMissingFile()
    {
        var root = WriteFixture(trainCount: 3);
        File.Delete(Path.Combine(root, "train", "image", "1.npy"));

        var error = Assert.Throws<FileNotFoundException>(() => new MtanDataset(root));

        Assert.Contains(Path.Combine(root, "train", "image", "1.npy"), error.Message);
    }

    [Fact]
    public void LabelsOutsideTheThirteenClassesAreReported()
    {
        var root = WriteFixture();
        var label = Path.Combine(root, "train", "label", "0.npy");
        NpyFile.Write(label, new[] { 0f, 13f, 1f, 2f }, 2, 2);
        var dataset = new MtanDataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 0));

        Assert.Equal(label, error.FilePath);
        Assert.Contains("expected an integer 0..12 or -1", error.Message);
    }

    [Fact]
    public void NormalsOfTheWrongShapeAreReported()
    {
        var root = WriteFixture();
        var normal = Path.Combine(root, "train", "normal", "1.npy");
        NpyFile.Write(normal, new float[8], 2, 2, 2);
        var dataset = new MtanDataset(root);

        var error = Assert.Throws<DataFileException>(() => dataset.Load("train", 1));

        Assert.Contains(normal, error.Message);
        Assert.Contains("(2, 2, 2)", error.Message);
        Assert.Contains("[H,W,3]", error.Message);
    }

    [Fact]
    public void MissingValFolderIsNamed()
    {
        var root = WriteFixture();
        Directory.Delete(Path.Combine(root, "val"), recursive: true);

        var error = Assert.Throws<DirectoryNotFoundException>(() => new MtanDataset(root));

        Assert.Contains(Path.Combine(root, "val", "image"), error.Message);
    }
}

internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
