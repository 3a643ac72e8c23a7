using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class ShapeValidationTests
{
    [Fact]
    public void WrongPredictionChannelsSayWhatWasExpected()
    {
        using var scope = NewDisposeScope();
        var task = new SurfaceNormalTask();

        var error = Assert.Throws<ArgumentException>(() => task.PerSampleLoss(Zeros(1, 2, 4, 4), Zeros(1, 3, 4, 4), Ones(1, 1, 4, 4)));

        Assert.StartsWith("normal: prediction has 2 channels, expected 3", error.Message);
    }

    [Fact]
    public void MetricsCheckShapesToo()
    {
        using var scope = NewDisposeScope();
        var accumulator = new SemanticSegmentationTask(4).CreateAccumulator();

        var error = Assert.Throws<ArgumentException>(() => accumulator.Update(Zeros(1, 3, 4, 4), Zeros(1, 1, 4, 4), Ones(1, 1, 4, 4)));

        Assert.StartsWith("segment_semantic: prediction has 3 channels, expected 4", error.Message);
    }

    [Fact]
    public void WrongTargetChannelsSayWhatWasExpected()
    {
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => new DepthTask().ValidateTargetShapes(Zeros(2, 3, 4, 4), Ones(2, 1, 4, 4)));

        Assert.StartsWith("depth_zbuffer: target has 3 channels, expected 1", error.Message);
    }

    [Fact]
    public void MaskMustMatchTheTarget()
    {
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => new DepthTask().ValidateShapes(Zeros(2, 1, 2, 2), Zeros(2, 1, 4, 4), Ones(2, 1, 4, 3)));

        Assert.StartsWith("depth_zbuffer: mask must be [2,1,4,4] to match the target, got [2,1,4,3]", error.Message);
    }

    [Fact]
    public void BatchSizesMustAgree()
    {
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => MaskedL1Task.Keypoints().ValidateShapes(Zeros(3, 1, 4, 4), Zeros(2, 1, 4, 4), Ones(2, 1, 4, 4)));

        Assert.StartsWith("keypoints2d: prediction holds 3 samples but the target holds 2", error.Message);
    }

    [Fact]
    public void PredictionMustBeFourDimensional()
    {
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => MaskedL1Task.EdgeTexture().ValidateShapes(Zeros(1, 4, 4), Zeros(1, 1, 4, 4), Ones(1, 1, 4, 4)));

        Assert.StartsWith("edge_texture: prediction must be [N,C,H,W], got [1,4,4]", error.Message);
    }

    [Fact]
    public void MatchingShapesAtAnyPredictionSizePass()
    {
        using var scope = NewDisposeScope();

        new SemanticSegmentationTask(5).ValidateShapes(Zeros(2, 5, 3, 3), Zeros(2, 1, 12, 9), Ones(2, 1, 12, 9));
    }
}
