using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class PredictionResizingTests
{
    [Fact]
    public void BilinearWithoutAlignedCornersMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // Width 2 -> 4: output x maps to source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to the edge.
        var resized = PredictionResizer.ToTargetSize(Of([0f, 4], 1, 1, 1, 2), Zeros(1, 1, 2, 4));

        Assert.Equal([0.0, 1, 3, 4, 0, 1, 3, 4], Values(resized));
    }

    [Fact]
    public void SameSizeIsAnAliasSafeToDispose()
    {
        using var scope = NewDisposeScope();
        var prediction = Of([1f, 2], 1, 1, 1, 2);

        PredictionResizer.ToTargetSize(prediction, Zeros(1, 1, 1, 2)).Dispose();

        Assert.Equal([1.0, 2], Values(prediction));
    }

    [Fact]
    public void SmallerPredictionIsResizedBeforeLossAndMetrics()
    {
        using var scope = NewDisposeScope();
        var task = new DepthTask();
        var prediction = Of([0f, 4], 1, 1, 1, 2).requires_grad_();
        var target = Of([1f, 1, 1, 1, 1, 1, 1, 1], 1, 1, 2, 4);

        // Resized rows are 0, 1, 3, 4; errors against 1: 1, 0, 2, 3; the first pixel of each row is masked.
        var mask = Of([0f, 1, 1, 1, 0, 1, 1, 1], 1, 1, 2, 4);
        var loss = task.PerSampleLoss(prediction, target, mask);
        loss.sum().backward();
        var accumulator = task.CreateAccumulator();
        accumulator.Update(prediction, target, mask);

        Assert.Equal(5.0 / 3, loss.item<float>(), 6);
        Assert.Equal(5.0 / 3, accumulator.Compute()[MetricNames.AbsErr], 6);
        Assert.Equal(6, accumulator.State[0]);
        // Gradient flows back through the resize: source 0 feeds outputs 0 (masked) and 1 (3/4), 2 (1/4).
        // d/dp0 = 2 rows * (0.75 * sign(1 - 1 = 0) + 0.25 * sign(3 - 1)) / 6 = 0.5 / 6.
        Assert.Equal(0.5 / 6, Values(prediction.grad!)[0], 6);
    }

    [Fact]
    public void LargerPredictionIsResizedDownToo()
    {
        using var scope = NewDisposeScope();
        var task = MaskedL1Task.Keypoints();
        var prediction = full(1, 1, 4, 4, 2f);

        var loss = task.PerSampleLoss(prediction, Zeros(1, 1, 2, 2), Ones(1, 1, 2, 2));

        Assert.Equal(2, loss.item<float>(), 6);
    }
}
