using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

public class SyntheticScenesTests
{
    private static SyntheticScenes Dataset(int seed = 1, int count = 100, int size = 32, IReadOnlyList<string>? tasks = null) =>
        new(new SyntheticSceneOptions { Count = count, Size = size, Seed = seed, Tasks = tasks ?? TaskNames.All });

    private static bool Same(torch.Tensor a, torch.Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.data<float>().ToArray().SequenceEqual(b.data<float>().ToArray());

    private static void AssertSameSample(MultiTaskSample expected, MultiTaskSample actual)
    {
        Assert.True(Same(expected.Image, actual.Image), "images differ");
        Assert.Equal(expected.Targets.Keys, actual.Targets.Keys);
        foreach (var (task, target) in expected.Targets)
            Assert.True(Same(target, actual.Targets[task]), $"{task} targets differ");
    }

    [Fact]
    public void DescribesItselfAsTheNyuStyleDatasetItIs()
    {
        var dataset = Dataset(size: 48, tasks: TaskNames.NyuV2);
        Assert.Equal(ImageNormalization.NyuV2, dataset.Normalization);
        Assert.Equal("BGR", dataset.Normalization.ChannelOrder);
        Assert.Equal(48, dataset.Height);
        Assert.Equal(48, dataset.Width);
        Assert.Equal(["train", "test"], dataset.Splits);
        Assert.Equal(["floor", "wall", "ceiling", "box", "sphere", "cylinder"], SyntheticScenes.ClassNames);
        Assert.Equal(6, SyntheticScenes.ClassCount);
        Assert.Equal("synthetic:count=100,size=48,seed=1,tasks=segment_semantic+normal+depth_zbuffer", dataset.Description);
        var customSplit = new SyntheticScenes(new SyntheticSceneOptions { Count = 10, Size = 8, Seed = 4, TestFraction = 0.3, Tasks = [TaskNames.Depth] });
        Assert.Equal("synthetic:count=10,size=8,seed=4,tasks=depth_zbuffer,test=0.3", customSplit.Description);
    }

    [Fact]
    public void TasksAreTheRequestedOnesWithOneSegmentationChannelPerClass()
    {
        var dataset = Dataset(tasks: [TaskNames.Normal, TaskNames.SegmentSemantic, TaskNames.Edges]);
        Assert.Equal([TaskNames.Normal, TaskNames.SegmentSemantic, TaskNames.Edges], dataset.Tasks.Select(t => t.Name));
        Assert.Equal(SyntheticScenes.ClassCount, dataset.Tasks.Single(t => t.Name == TaskNames.SegmentSemantic).OutputChannels);
        using var sample = dataset.Load("train", 0);
        foreach (var task in dataset.Tasks)
            Assert.Equal(task.TargetChannels, sample.Targets[task.Name].shape[0]);
    }

    [Theory]
    [InlineData(100, 0.2, 80, 20)]
    [InlineData(10, 0.25, 7, 3)]
    [InlineData(2, 0.01, 1, 1)]
    [InlineData(3, 0.99, 1, 2)]
    public void TestSplitIsTheRoundedFractionKeepingOneSceneOnEachSide(int count, double fraction, int train, int test)
    {
        var dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = count, TestFraction = fraction, Size = 8 });
        Assert.Equal(train, dataset.Count("train"));
        Assert.Equal(test, dataset.Count("test"));
    }

    [Fact]
    public void SamplesHaveTheContractedShapesAndRanges()
    {
        const int size = 32;
        var dataset = Dataset(size: size);
        for (int index = 0; index < 5; index++)
        {
            using var scope = torch.NewDisposeScope();
            using var sample = dataset.Load("train", index);
            Assert.Equal(new long[] { 3, size, size }, sample.Image.shape);
            Assert.Equal(torch.ScalarType.Float32, sample.Image.dtype);
            Assert.True(sample.Image.min().item<float>() >= 0 && sample.Image.max().item<float>() <= 255);
            Assert.Equal(TaskNames.All.OrderBy(t => t), sample.Targets.Keys.OrderBy(t => t));

            var classes = sample.Targets[TaskNames.SegmentSemantic];
            Assert.Equal(new long[] { 1, size, size }, classes.shape);
            Assert.True(Same(classes, classes.round()), "class labels must be whole numbers");
            Assert.InRange(classes.min().item<float>(), 0, SyntheticScenes.ClassCount - 1);
            Assert.InRange(classes.max().item<float>(), 0, SyntheticScenes.ClassCount - 1);

            var normals = sample.Targets[TaskNames.Normal];
            Assert.Equal(new long[] { 3, size, size }, normals.shape);
            var lengths = normals.pow(2).sum(dim: 0).sqrt();
            Assert.True((lengths - 1).abs().max().item<float>() < 1e-5, "normals must be unit length");
            Assert.True(normals.abs().max().item<float>() <= 1);

            var depth = sample.Targets[TaskNames.Depth];
            Assert.Equal(new long[] { 1, size, size }, depth.shape);
            Assert.True(depth.min().item<float>() > 0);
            Assert.True(depth.max().item<float>() < 20, "the rooms are at most about 10 m deep");

            foreach (var task in new[] { TaskNames.Edges, TaskNames.Keypoints })
            {
                var target = sample.Targets[task];
                Assert.Equal(new long[] { 1, size, size }, target.shape);
                Assert.True(target.min().item<float>() >= 0 && target.max().item<float>() <= 1, $"{task} must lie in [0, 1]");
            }
            Assert.True(sample.Targets[TaskNames.Edges].sum().item<float>() > 0, "every room has creases");

            foreach (var task in TaskNames.All)
            {
                var mask = sample.Masks[task];
                Assert.Equal(new long[] { 1, size, size }, mask.shape);
                Assert.Equal(size * size, mask.sum().item<float>());
            }
        }
    }

    [Fact]
    public void OnlyTheRequestedTasksHaveTargets()
    {
        using var sample = Dataset(tasks: [TaskNames.Depth, TaskNames.Keypoints]).Load("test", 0);
        Assert.Equal([TaskNames.Depth, TaskNames.Keypoints], sample.Targets.Keys.OrderBy(t => t));
        Assert.Equal([TaskNames.Depth, TaskNames.Keypoints], sample.Masks.Keys.OrderBy(t => t));
    }

    [Fact]
    public void EveryClassAppearsAcrossFiftyScenes()
    {
        var dataset = Dataset(count: 100, size: 32, tasks: [TaskNames.SegmentSemantic]);
        var pixelsPerClass = new long[SyntheticScenes.ClassCount];
        for (int index = 0; index < 50; index++)
        {
            using var sample = dataset.Load("train", index);
            foreach (var label in sample.Targets[TaskNames.SegmentSemantic].data<float>())
                pixelsPerClass[(int)label]++;
        }
        for (int c = 0; c < pixelsPerClass.Length; c++)
            Assert.True(pixelsPerClass[c] > 0, $"class '{SyntheticScenes.ClassNames[c]}' never appears");
    }

    [Fact]
    public void SameSeedAndIndexGiveIdenticalTensors()
    {
        using var first = Dataset(seed: 7).Load("train", 3);
        using var second = Dataset(seed: 7).Load("train", 3);
        AssertSameSample(first, second);
    }

    [Fact]
    public void ASceneDoesNotDependOnWhichScenesWereMadeBefore()
    {
        var dataset = Dataset(seed: 11);
        for (int index = 0; index < 5; index++) dataset.Load("train", index).Dispose();
        using var afterOthers = dataset.Load("train", 5);
        using var alone = Dataset(seed: 11).Load("train", 5);
        AssertSameSample(alone, afterOthers);
    }

    [Fact]
    public void ASceneDoesNotDependOnTheDatasetSizeOrOtherTasks()
    {
        using var small = Dataset(seed: 5, count: 10, tasks: [TaskNames.Depth]).Load("train", 4);
        using var large = Dataset(seed: 5, count: 1000, tasks: TaskNames.All).Load("train", 4);
        Assert.True(Same(small.Image, large.Image));
        Assert.True(Same(small.Targets[TaskNames.Depth], large.Targets[TaskNames.Depth]));
    }

    [Fact]
    public void LoadingInParallelGivesTheSameScenesAsLoadingInOrder()
    {
        var dataset = Dataset(seed: 3, size: 96); // 96 px renders its rows in parallel too
        var inOrder = Enumerable.Range(0, 8).Select(i => dataset.Load("train", i).Image.data<float>().ToArray()).ToArray();
        var parallel = new float[8][];
        Parallel.For(0, 8, i =>
        {
            using var sample = dataset.Load("train", i);
            parallel[i] = sample.Image.data<float>().ToArray();
        });
        for (int i = 0; i < 8; i++) Assert.Equal(inOrder[i], parallel[i]);
    }

    [Fact]
    public void DifferentSeedsSplitsAndIndicesGiveDifferentScenes()
    {
        using var reference = Dataset(seed: 1).Load("train", 0);
        using var otherSeed = Dataset(seed: 2).Load("train", 0);
        using var otherSplit = Dataset(seed: 1).Load("test", 0);
        using var otherIndex = Dataset(seed: 1).Load("train", 1);
        foreach (var other in new[] { otherSeed, otherSplit, otherIndex })
            Assert.False(Same(reference.Image, other.Image));
    }

    [Fact]
    public void UnknownSplitsAndIndicesOutOfRangeSayWhatExists()
    {
        var dataset = Dataset(count: 10);
        var split = Assert.Throws<ArgumentException>(() => dataset.Count("val"));
        Assert.Contains("'val'", split.Message);
        Assert.Contains("train or test", split.Message);
        Assert.Throws<ArgumentException>(() => dataset.Load("validation", 0));
        var index = Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Load("test", 2));
        Assert.Contains("0..1", index.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Load("train", -1));
    }

    public static TheoryData<SyntheticSceneOptions, string> InvalidOptions => new()
    {
        { new SyntheticSceneOptions { Count = 1 }, "count >= 2" },
        { new SyntheticSceneOptions { Size = 4 }, "between 8 and 1024" },
        { new SyntheticSceneOptions { Size = 2048 }, "size=2048" },
        { new SyntheticSceneOptions { TestFraction = 0 }, "strictly between 0 and 1" },
        { new SyntheticSceneOptions { TestFraction = 1 }, "strictly between 0 and 1" },
        { new SyntheticSceneOptions { TestFraction = double.NaN }, "strictly between 0 and 1" },
        { new SyntheticSceneOptions { Tasks = ["depth", TaskNames.Normal] }, "'depth'" },
        { new SyntheticSceneOptions { Tasks = [] }, "at least one task" },
        { new SyntheticSceneOptions { Tasks = [TaskNames.Normal, TaskNames.Normal] }, "more than once" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRejectedWithAMessageThatSaysWhatToFix(SyntheticSceneOptions options, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticScenes(options));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnknownTaskMessageListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticScenes(new SyntheticSceneOptions { Tasks = ["segmentation"] }));
        foreach (var task in TaskNames.All) Assert.Contains(task, error.Message);
    }
}
