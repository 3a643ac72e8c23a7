using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.Datasets.Taskonomy;
using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.IO;

namespace MtlAttack.Core.Tests.Datasets;

public class DatasetWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void NyuV2LayoutRoundTripsExactlyAndNormalsReadTheReferenceWay()
    {
        var source = new PatternDataset(TaskNames.NyuV2, classCount: 7);
        var root = Path.Combine(_temp.Path, "nyu");

        var spec = DatasetWriter.Write(source, root, DatasetFormat.NyuV2);

        Assert.Equal($"nyuv2:{root},size=6x5", spec.ToString());
        var read = Assert.IsType<NyuV2Dataset>(DatasetFactory.Open(spec));
        Assert.Equal(7, read.ClassCount);
        Assert.Equal((6, 5), (read.Height, read.Width));
        Assert.Equal(["train", "test"], read.Splits);
        foreach (var split in source.Splits)
        {
            Assert.Equal(source.Count(split), read.Count(split));
            for (int i = 0; i < source.Count(split); i++)
            {
                var expected = source.Arrays(split, i);
                using var sample = read.Load(split, i);
                var actual = PatternDataset.Flatten(sample);
                Assert.Equal(expected.Image, actual.Image);
                Assert.Equal(expected.Targets[TaskNames.SegmentSemantic], actual.Targets[TaskNames.SegmentSemantic]);
                Assert.Equal(expected.Targets[TaskNames.Depth], actual.Targets[TaskNames.Depth]);
                foreach (var task in TaskNames.NyuV2)
                    Assert.Equal(expected.Masks[task], actual.Masks[task]);
                Assert.Equal(AdaShareTargets(expected.Targets[TaskNames.Normal], expected.Masks[TaskNames.Normal]), actual.Targets[TaskNames.Normal], new FloatTolerance(1e-6f));
            }
        }
        Assert.True(File.Exists(Path.Combine(root, "img", "train_000000.png")));
        Assert.True(File.Exists(Path.Combine(root, "depth", "test_000001.npy")));
    }

    /// <summary>
    /// What the reference reads from a normal map stored as NYUv2's are (R,G,B = x,y,z as round((n+1)/2*255), valid
    /// values at most 254): the unit vector of the raw values in OpenCV's order B,G,R = z,y,x; zero where masked.
    /// </summary>
    private static float[] AdaShareTargets(float[] normals, float[] mask)
    {
        int plane = mask.Length;
        var result = new float[3 * plane];
        for (int p = 0; p < plane; p++)
        {
            if (mask[p] == 0) continue;
            var stored = Enumerable.Range(0, 3).Select(c => Math.Min(254.0, Math.Round((normals[c * plane + p] + 1) / 2 * 255, MidpointRounding.AwayFromZero))).ToArray();
            var bgr = new[] { stored[2], stored[1], stored[0] };
            double norm = Math.Sqrt(bgr.Sum(v => v * v));
            for (int c = 0; c < 3; c++) result[c * plane + p] = norm == 0 ? 0f : (float)(bgr[c] / norm);
        }
        return result;
    }

    [Fact]
    public void ANormalComponentOfOneIsStoredAsAValidValueNotTheIgnoreMarker()
    {
        var source = new PatternDataset(TaskNames.NyuV2, fixedNormal: [0f, 0f, 1f]);
        var root = Path.Combine(_temp.Path, "ones");
        DatasetWriter.Write(source, root, DatasetFormat.NyuV2);

        using var sample = new NyuV2Dataset(root).Load("train", 0);
        var actual = PatternDataset.Flatten(sample);

        Assert.Equal(source.Arrays("train", 0).Masks[TaskNames.Normal], actual.Masks[TaskNames.Normal]);
        Assert.Contains(1f, actual.Masks[TaskNames.Normal]);
    }

    [Fact]
    public void RgbSourcesAreStoredAsOrdinaryPngsAndReadBackAsBgr()
    {
        var source = new PatternDataset(TaskNames.NyuV2, normalization: ImageNormalization.ImageNetRgb);
        var root = Path.Combine(_temp.Path, "rgb");
        DatasetWriter.Write(source, root, DatasetFormat.NyuV2);

        using var sample = new NyuV2Dataset(root).Load("train", 1);
        var rgb = source.Arrays("train", 1).Image;
        var bgr = PatternDataset.Flatten(sample).Image;

        int plane = 6 * 5;
        Assert.Equal(rgb[..plane], bgr[(2 * plane)..]);
        Assert.Equal(rgb[plane..(2 * plane)], bgr[plane..(2 * plane)]);
        Assert.Equal(rgb[(2 * plane)..], bgr[..plane]);
    }

    [Fact]
    public void TaskonomyLayoutRoundTripsThroughTheReferenceMapping()
    {
        float[] weights = [0.5f, 1f, 1.5f, 2f];
        var source = new PatternDataset(TaskNames.Taskonomy, classCount: 4, classWeights: weights);
        var root = Path.Combine(_temp.Path, "taskonomy");

        var spec = DatasetWriter.Write(source, root, DatasetFormat.Taskonomy);

        var read = Assert.IsType<TaskonomyDataset>(DatasetFactory.Open(spec));
        Assert.Equal(4, read.ClassCount);
        Assert.Equal(weights, read.ClassWeights!);
        for (int i = 0; i < source.Count("test"); i++)
        {
            var expected = source.Arrays("test", i);
            using var sample = read.Load("test", i);
            var actual = PatternDataset.Flatten(sample);

            Assert.Equal(expected.Image, actual.Image);
            Assert.Equal(expected.Targets[TaskNames.SegmentSemantic], actual.Targets[TaskNames.SegmentSemantic]);
            Assert.Equal(expected.Masks[TaskNames.SegmentSemantic], actual.Masks[TaskNames.SegmentSemantic]);
            Assert.Equal(expected.Masks[TaskNames.Depth], actual.Masks[TaskNames.Depth]);
            // The format has one mask for depth and normals: the depth mask.
            Assert.Equal(expected.Masks[TaskNames.Depth], actual.Masks[TaskNames.Normal]);

            var logDepth = expected.Targets[TaskNames.Depth].Select((d, p) => expected.Masks[TaskNames.Depth][p] > 0
                ? (float)(Math.Log(1 + Math.Round(d * 512)) / Math.Log(65536)) : 0f);
            Assert.Equal(logDepth, actual.Targets[TaskNames.Depth], new FloatTolerance(1e-6f));
            var validNormals = Enumerable.Range(0, 90).Where(k => expected.Masks[TaskNames.Depth][k % 30] > 0);
            Assert.All(validNormals, k => Assert.Equal(expected.Targets[TaskNames.Normal][k], actual.Targets[TaskNames.Normal][k], 1f / 255 + 1e-6f));
            // 16 bits over 0.005 (keypoints) and 0.08 (edges) of the range: steps of 2 / 327.68 and 2 / 5242.88.
            Assert.Equal(expected.Targets[TaskNames.Keypoints], actual.Targets[TaskNames.Keypoints], new FloatTolerance(1f / 327.68f + 1e-5f));
            Assert.Equal(expected.Targets[TaskNames.Edges], actual.Targets[TaskNames.Edges], new FloatTolerance(1f / 5242.88f + 1e-5f));
        }
    }

    [Theory]
    [InlineData("synthetic:count=4,size=16,seed=7", DatasetFormat.NyuV2)]
    [InlineData("synthetic:count=4,size=16,seed=7,tasks=seg+sn+depth+keypoint+edge", DatasetFormat.Taskonomy)]
    public void SyntheticScenesWrittenToDiskLoadBackThroughTheLoader(string synthetic, DatasetFormat format)
    {
        var source = DatasetFactory.Open(synthetic);
        var root = Path.Combine(_temp.Path, format.ToString());

        var spec = DatasetWriter.Write(source, root, DatasetWriter.FormatFor(source.Tasks.Select(t => t.Name).ToList()));
        var read = DatasetFactory.Open(spec.ToString());
        using var written = new MultiTaskLoader(read, "test", 4, shuffle: false, augment: false, seed: 0).LoadBatch(0, 0);
        using var original = new MultiTaskLoader(source, "test", 4, shuffle: false, augment: false, seed: 0).LoadBatch(0, 0);

        Assert.Equal(format, DatasetWriter.FormatFor(source.Tasks.Select(t => t.Name).ToList()));
        Assert.Equal(source.Tasks.Select(t => (t.Name, t.OutputChannels)), read.Tasks.Select(t => (t.Name, t.OutputChannels)));
        Assert.Equal(original.Images.shape, written.Images.shape);
        Assert.True(TensorChecks.Same(original.Images, written.Images));
        Assert.True(TensorChecks.Same(original.Targets[TaskNames.SegmentSemantic], written.Targets[TaskNames.SegmentSemantic]));
        Assert.True(TensorChecks.Same(original.Masks[TaskNames.Depth], written.Masks[TaskNames.Depth]));
    }

    [Fact]
    public void ADatasetWithoutTheLayoutsTasksIsRefused()
    {
        var source = new PatternDataset([TaskNames.SegmentSemantic, TaskNames.Normal]);

        var error = Assert.Throws<ArgumentException>(() => DatasetWriter.Write(source, _temp.Path, DatasetFormat.NyuV2));

        Assert.Contains("depth_zbuffer", error.Message);
    }

    [Fact]
    public void AnExistingDataSetIsNotOverwrittenUnlessAsked()
    {
        var source = new PatternDataset(TaskNames.NyuV2, trainCount: 1, testCount: 1);
        DatasetWriter.Write(source, _temp.Path, DatasetFormat.NyuV2);

        var error = Assert.Throws<IOException>(() => DatasetWriter.Write(source, _temp.Path, DatasetFormat.NyuV2));
        DatasetWriter.Write(source, _temp.Path, DatasetFormat.NyuV2, overwrite: true);

        Assert.Contains("already holds a data set", error.Message);
    }

    [Fact]
    public void ProgressCountsEverySample()
    {
        var source = new PatternDataset(TaskNames.NyuV2, trainCount: 3, testCount: 2);
        var reports = new List<DatasetWriteProgress>();

        DatasetWriter.Write(source, _temp.Path, DatasetFormat.NyuV2, progress: new SynchronousProgress(reports.Add));

        Assert.Equal(5, reports.Count);
        Assert.Equal(new DatasetWriteProgress("test", 2, 2), reports[^1]);
    }

    [Fact]
    public void FormatForPicksTheLayoutThatHoldsTheTasks()
    {
        Assert.Equal(DatasetFormat.NyuV2, DatasetWriter.FormatFor([TaskNames.Depth, TaskNames.SegmentSemantic, TaskNames.Normal]));
        Assert.Equal(DatasetFormat.Taskonomy, DatasetWriter.FormatFor(TaskNames.Taskonomy));
        var error = Assert.Throws<ArgumentException>(() => DatasetWriter.FormatFor([TaskNames.Depth]));
        Assert.Contains("NYUv2 layout needs", error.Message);
    }

    private sealed class SynchronousProgress(Action<DatasetWriteProgress> report) : IProgress<DatasetWriteProgress>
    {
        public void Report(DatasetWriteProgress value) => report(value);
    }
}
