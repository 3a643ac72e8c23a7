using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Tests.Datasets;

public class MultiTaskLoaderTests
{
    private static readonly PatternDataset Dataset = new(TaskNames.Taskonomy, height: 6, width: 5, trainCount: 7, testCount: 3);

    [Fact]
    public void TestBatchesAreMeanSubtractedImagesWithTargetsAndMasks()
    {
        var loader = new MultiTaskLoader(Dataset, "test", batchSize: 2, shuffle: false, augment: false, seed: 0);

        var batches = loader.Batches(0).ToList();

        Assert.Equal(2, loader.BatchCount);
        Assert.Equal([2, 1], batches.Select(b => b.Count));
        using var first = batches[0];
        using var last = batches[1];
        Assert.Equal([2L, 3, 6, 5], first.Images.shape);
        Assert.Equal([2L, 3, 6, 5], first.Targets[TaskNames.Normal].shape);
        Assert.Equal([2L, 1, 6, 5], first.Masks[TaskNames.Depth].shape);
        Assert.Equal([2L, 1, 6, 5], first.Targets[TaskNames.SegmentSemantic].shape);

        var raw = Dataset.Arrays("test", 2);
        var image = last.Images[0].data<float>().ToArray();
        var mean = ImageNormalization.NyuV2.Mean;
        for (int i = 0; i < image.Length; i++)
            Assert.Equal(raw.Image[i] - (float)mean[i / 30], image[i], 4);
        Assert.Equal(raw.Targets[TaskNames.Depth], last.Targets[TaskNames.Depth][0].data<float>().ToArray());
        Assert.Equal(raw.Masks[TaskNames.SegmentSemantic], last.Masks[TaskNames.SegmentSemantic][0].data<float>().ToArray());
    }

    [Fact]
    public void TestTimeResizesToTheDatasetSize()
    {
        var dataset = new PatternDataset(TaskNames.NyuV2, height: 6, width: 5, loaderHeight: 9, loaderWidth: 4);
        var loader = new MultiTaskLoader(dataset, "train", 3, shuffle: false, augment: false, seed: 0);

        using var batch = loader.LoadBatch(0, 0);

        Assert.Equal([3L, 3, 9, 4], batch.Images.shape);
        Assert.Equal([3L, 3, 9, 4], batch.Targets[TaskNames.Normal].shape);
        Assert.Equal([3L, 1, 9, 4], batch.Masks[TaskNames.SegmentSemantic].shape);
    }

    [Fact]
    public void SameSeedGivesTheSameAugmentedBatches()
    {
        var a = new MultiTaskLoader(Dataset, "train", 3, shuffle: true, augment: true, seed: 42);
        var b = new MultiTaskLoader(Dataset, "train", 3, shuffle: true, augment: true, seed: 42);

        foreach (var epoch in new[] { 0, 3 })
            foreach (var (x, y) in a.Batches(epoch).Zip(b.Batches(epoch)))
            {
                using (x)
                using (y)
                {
                    Assert.True(TensorChecks.Same(x.Images, y.Images));
                    foreach (var task in TaskNames.Taskonomy)
                    {
                        Assert.True(TensorChecks.Same(x.Targets[task], y.Targets[task]));
                        Assert.True(TensorChecks.Same(x.Masks[task], y.Masks[task]));
                    }
                }
            }
    }

    [Fact]
    public void OrderDependsOnSeedAndEpoch()
    {
        var loader = new MultiTaskLoader(Dataset, "train", 3, shuffle: true, augment: false, seed: 1);
        var other = new MultiTaskLoader(Dataset, "train", 3, shuffle: true, augment: false, seed: 2);
        var unshuffled = new MultiTaskLoader(Dataset, "train", 3, shuffle: false, augment: false, seed: 1);

        var epochs = Enumerable.Range(0, 5).Select(e => string.Join(",", loader.Order(e))).ToList();

        Assert.Equal(Enumerable.Range(0, 7), unshuffled.Order(9));
        Assert.All(Enumerable.Range(0, 5), e => Assert.Equal(Enumerable.Range(0, 7), loader.Order(e).Order()));
        Assert.True(epochs.Distinct().Count() > 1);
        Assert.Equal(epochs[0], string.Join(",", loader.Order(0)));
        Assert.NotEqual(Enumerable.Range(0, 5).Select(e => string.Join(",", other.Order(e))), epochs);
    }

    [Fact]
    public void EachEnumerationIsTheNextEpoch()
    {
        var loader = new MultiTaskLoader(Dataset, "train", 7, shuffle: true, augment: true, seed: 5);
        var reference = new MultiTaskLoader(Dataset, "train", 7, shuffle: true, augment: true, seed: 5);

        using var first = loader.Single();
        using var second = loader.Single();
        using var epoch0 = reference.LoadBatch(0, 0);
        using var epoch1 = reference.LoadBatch(1, 0);

        Assert.True(TensorChecks.Same(first.Images, epoch0.Images));
        Assert.True(TensorChecks.Same(second.Images, epoch1.Images));
        Assert.False(TensorChecks.Same(first.Images, second.Images));
    }

    [Fact]
    public void AugmentedBatchesHaveTheDatasetSizeAndPaddedSegmentationIsIgnored()
    {
        // Samples of 6x5 into 12x10: every scale <= 1.5 leaves a border of padding.
        var dataset = new PatternDataset(TaskNames.NyuV2, height: 6, width: 5, loaderHeight: 12, loaderWidth: 10, trainCount: 4);
        var loader = new MultiTaskLoader(dataset, "train", 4, shuffle: true, augment: true, seed: 3);

        using var batch = loader.LoadBatch(0, 0);

        Assert.Equal([4L, 3, 12, 10], batch.Images.shape);
        var seg = batch.Targets[TaskNames.SegmentSemantic];
        var segMask = batch.Masks[TaskNames.SegmentSemantic];
        Assert.True(seg.eq(TaskNames.IgnoreLabel).any().item<bool>());
        Assert.True(segMask.masked_select(seg.eq(TaskNames.IgnoreLabel)).eq(0).all().item<bool>());
        Assert.True(batch.Masks[TaskNames.Depth].eq(0).any().item<bool>());
    }

    [Fact]
    public void LoadingLeavesNoTensorsBehind()
    {
        var loader = new MultiTaskLoader(Dataset, "train", 3, shuffle: true, augment: true, seed: 0);
        using (loader.LoadBatch(0, 0)) { }
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        foreach (var batch in loader.Batches(1)) batch.Dispose();
        using (var scope = torch.NewDisposeScope())
            loader.LoadBatch(2, 1);
        loader.LoadSample(0, 0).Dispose();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void UnknownSplitAndBadBatchSizeAreRefused()
    {
        var split = Assert.Throws<ArgumentException>(() => new MultiTaskLoader(Dataset, "val", 2, false, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiTaskLoader(Dataset, "train", 0, false, false, 0));
        var loader = new MultiTaskLoader(Dataset, "train", 2, false, false, 0);
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => loader.LoadBatch(0, 4));

        Assert.Contains("'val'", split.Message);
        Assert.Contains("'train', 'test'", split.Message);
        Assert.Contains("4 batches", batch.Message);
    }

    [Fact]
    public void NonFiniteImagesAreRefusedNamingTheSample()
    {
        var loader = new MultiTaskLoader(new NanImageDataset(), "train", 2, false, false, 0);

        var error = Assert.Throws<InvalidOperationException>(() => loader.LoadBatch(0, 0));

        Assert.Contains("train[1]", error.Message);
        Assert.Contains("NaN", error.Message);
    }

    private sealed class NanImageDataset : IMultiTaskDataset
    {
        private readonly PatternDataset _inner = new([TaskNames.Depth]);
        public string Description => "nan";
        public IReadOnlyList<VisionTask> Tasks => _inner.Tasks;
        public ImageNormalization Normalization => _inner.Normalization;
        public int Height => _inner.Height;
        public int Width => _inner.Width;
        public IReadOnlyList<string> Splits => _inner.Splits;
        public int Count(string split) => _inner.Count(split);

        public MultiTaskSample Load(string split, int index)
        {
            var sample = _inner.Load(split, index);
            if (index == 1) sample.Image[0, 0, 0] = torch.tensor(float.NaN);
            return sample;
        }
    }
}
