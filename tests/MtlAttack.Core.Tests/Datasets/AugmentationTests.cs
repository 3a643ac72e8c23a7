using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Tests.Datasets;

public class AugmentationTests
{
    private static readonly PatternDataset Nyu = new(TaskNames.NyuV2, height: 4, width: 3);

    [Fact]
    public void MirrorFlipsEverythingAndNegatesTheNormalsX()
    {
        using var scope = torch.NewDisposeScope();
        var sample = Nyu.Load("train", 0);

        var mirrored = Augmentation.Mirror(sample);

        Assert.True(TensorChecks.Same(mirrored.Image, sample.Image.flip(-1)));
        Assert.True(TensorChecks.Same(mirrored.Targets[TaskNames.SegmentSemantic], sample.Targets[TaskNames.SegmentSemantic].flip(-1)));
        Assert.True(TensorChecks.Same(mirrored.Masks[TaskNames.Depth], sample.Masks[TaskNames.Depth].flip(-1)));
        var normal = sample.Targets[TaskNames.Normal].flip(-1);
        var flippedNormal = mirrored.Targets[TaskNames.Normal];
        Assert.True(TensorChecks.Same(flippedNormal[0], -normal[0]));
        Assert.True(TensorChecks.Same(flippedNormal[1], normal[1]));
        Assert.True(TensorChecks.Same(flippedNormal[2], normal[2]));
    }

    [Fact]
    public void PaddingFillsSegmentationWith255AndMasksWithZero()
    {
        using var scope = torch.NewDisposeScope();
        var sample = Nyu.Load("train", 1);

        // 4x3 centred in 8x7: 2 rows above, 2 columns left.
        var padded = Augmentation.PadAndCrop(sample, 8, 7, 0, 0);

        Assert.Equal([3L, 8, 7], padded.Image.shape);
        var seg = padded.Targets[TaskNames.SegmentSemantic][0];
        var segMask = padded.Masks[TaskNames.SegmentSemantic][0];
        var inside = torch.zeros(8, 7, dtype: torch.ScalarType.Bool);
        inside[torch.TensorIndex.Slice(2, 6), torch.TensorIndex.Slice(2, 5)] = torch.tensor(true);
        Assert.True(seg.masked_select(inside.logical_not()).eq(TaskNames.IgnoreLabel).all().item<bool>());
        Assert.True(segMask.masked_select(inside.logical_not()).eq(0).all().item<bool>());
        Assert.True(padded.Masks[TaskNames.Depth][0].masked_select(inside.logical_not()).eq(0).all().item<bool>());
        Assert.True(padded.Image.sum(dim: 0).masked_select(inside.logical_not()).eq(0).all().item<bool>());
        Assert.True(TensorChecks.Same(seg[torch.TensorIndex.Slice(2, 6), torch.TensorIndex.Slice(2, 5)], sample.Targets[TaskNames.SegmentSemantic][0]));
    }

    [Fact]
    public void CroppingALargerSampleTakesTheRequestedWindow()
    {
        using var scope = torch.NewDisposeScope();
        var sample = Nyu.Load("train", 2);

        var cropped = Augmentation.PadAndCrop(sample, 2, 2, 1, 1);

        Assert.True(TensorChecks.Same(cropped.Image, sample.Image[.., 1..3, 1..3]));
    }

    [Fact]
    public void ResizeKeepsLabelsAndUnitNormalsAndDoesNotBlendInvalidDepth()
    {
        using var scope = torch.NewDisposeScope();
        var depth = torch.tensor(new[] { 2f, 0f, 2f, 2f }, [1, 2, 2]);
        var depthMask = torch.tensor(new[] { 1f, 0f, 1f, 1f }, [1, 2, 2]);
        var normal = torch.tensor(new[] { 1f, 0f, 0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f }, [3, 2, 2]);
        var seg = torch.tensor(new[] { 0f, 3f, 255f, 1f }, [1, 2, 2]);
        using var generator = new torch.Generator(2);
        var sample = new MultiTaskSample(torch.rand(3, 2, 2, generator: generator) * 255,
            new Dictionary<string, torch.Tensor> { [TaskNames.Depth] = depth, [TaskNames.Normal] = normal, [TaskNames.SegmentSemantic] = seg },
            new Dictionary<string, torch.Tensor> { [TaskNames.Depth] = depthMask, [TaskNames.Normal] = torch.ones(1, 2, 2), [TaskNames.SegmentSemantic] = seg.ne(255).to_type(torch.ScalarType.Float32) });

        var resized = Augmentation.Resize(sample, 5, 7);

        Assert.Equal([3L, 5, 7], resized.Image.shape);
        var validDepth = resized.Targets[TaskNames.Depth].masked_select(resized.Masks[TaskNames.Depth].gt(0));
        Assert.True(validDepth.numel() > 0);
        Assert.True(validDepth.eq(2f).all().item<bool>());
        Assert.True(resized.Targets[TaskNames.Depth].masked_select(resized.Masks[TaskNames.Depth].eq(0)).eq(0).all().item<bool>());
        var lengths = resized.Targets[TaskNames.Normal].pow(2).sum(dim: 0).sqrt();
        Assert.True(lengths.sub(1).abs().max().item<float>() < 1e-5f);
        var labels = resized.Targets[TaskNames.SegmentSemantic].unique().output.data<float>().ToArray();
        Assert.Subset(new HashSet<float> { 0, 1, 3, 255 }, labels.ToHashSet());
    }

    [Fact]
    public void TrainTransformGivesTheRequestedSizeAndRepeatsForASeed()
    {
        using var scope = torch.NewDisposeScope();
        var sample = new PatternDataset(TaskNames.Taskonomy, height: 9, width: 13).Load("train", 0);

        for (int seed = 0; seed < 20; seed++)
        {
            var first = Augmentation.RandomTrainTransform(sample, 8, 8, new Random(seed));
            var second = Augmentation.RandomTrainTransform(sample, 8, 8, new Random(seed));
            Assert.Equal([3L, 8, 8], first.Image.shape);
            foreach (var task in TaskNames.Taskonomy)
            {
                Assert.Equal(8, first.Targets[task].shape[1]);
                Assert.Equal(8, first.Masks[task].shape[2]);
                Assert.True(TensorChecks.Same(first.Targets[task], second.Targets[task]));
            }
            Assert.True(TensorChecks.Same(first.Image, second.Image));
        }
    }
}
