using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class DepthTaskTests
{
    // Sample 1: target 2, 4, 0 (missing), 1; prediction 2.5, 3, 7, 1.
    // Sample 2: target 1 everywhere; prediction -1, 1.125, 0, 1 with the last pixel masked.
    private static Tensor Predictions() => Of([2.5f, 3, 7, 1, -1, 1.125f, 0, 1], 2, 1, 2, 2);
    private static Tensor Targets() => Of([2f, 4, 0, 1, 1, 1, 1, 1], 2, 1, 2, 2);
    private static Tensor Mask() => Of([1f, 1, 1, 1, 1, 1, 1, 0], 2, 1, 2, 2);

    [Fact]
    public void LossIsMaskedL1OverPixelsWithPositiveTarget()
    {
        using var scope = NewDisposeScope();
        var task = new DepthTask();

        var perSample = Values(task.PerSampleLoss(Predictions(), Targets(), Mask()));

        // Sample 1: |0.5|, |1|, |0| (the missing pixel is skipped); sample 2: |2|, |0.125|, |1|.
        Assert.Equal(1.5 / 3, perSample[0], 6);
        Assert.Equal(3.125 / 3, perSample[1], 6);
        Assert.Equal((1.5 / 3 + 3.125 / 3) / 2, task.Loss(Predictions(), Targets(), Mask()).item<float>(), 6);
    }

    [Fact]
    public void SampleWithoutScoredPixelHasZeroLossAndGradient()
    {
        using var scope = NewDisposeScope();
        var task = new DepthTask();
        var predictions = Predictions().requires_grad_();
        var noDepth = Of([0f, 0, 0, 0, 1, 1, 1, 1], 2, 1, 2, 2);

        var perSample = task.PerSampleLoss(predictions, noDepth, Mask());
        perSample.sum().backward();

        Assert.Equal(0, perSample[0].item<float>());
        var grad = Values(predictions.grad!);
        Assert.All(grad.Take(4), g => Assert.Equal(0, g));
        // d|p - t|/dp / 3 scored pixels: -1/3 at p = -1, +1/3 at 1.125, -1/3 at 0; nothing for the masked pixel.
        Assert.Equal([-1.0 / 3, 1.0 / 3, -1.0 / 3, 0], grad.Skip(4), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void MetricsOverAllScoredPixels()
    {
        using var scope = NewDisposeScope();
        var accumulator = new DepthTask().CreateAccumulator();

        accumulator.Update(Predictions(), Targets(), Mask());

        // Six scored pixels. Absolute errors 0.5, 1, 0, 2, 0.125, 1; relative 0.25, 0.25, 0, 2, 0.125, 1.
        // Ratios max(p/t, t/p): 1.25 (not below 1.25), 4/3, 1, negative prediction (never within), 1.125, zero prediction (never within).
        var metrics = accumulator.Compute();
        Assert.Equal(6, accumulator.State[0]);
        Assert.Equal(4.625 / 6, metrics[MetricNames.AbsErr], 12);
        Assert.Equal(3.625 / 6, metrics[MetricNames.RelErr], 12);
        Assert.Equal(2.0 / 6, metrics[MetricNames.Delta1], 12);
        Assert.Equal(4.0 / 6, metrics[MetricNames.Delta2], 12);
        Assert.Equal(4.0 / 6, metrics[MetricNames.Delta3], 12);
    }

    [Fact]
    public void RelativeErrorDividesByTheTarget()
    {
        using var scope = NewDisposeScope();
        var accumulator = new DepthTask().CreateAccumulator();

        accumulator.Update(Of([4f, 2], 1, 1, 1, 2), Of([3f, 3], 1, 1, 1, 2), Ones(1, 1, 1, 2));

        // Each pixel's 1/3 is rounded to a multiple of 2^-20 before summing.
        Assert.Equal(1.0 / 3, accumulator.Compute()[MetricNames.RelErr], 6);
        // Ratios 4/3 and 3/2: above 1.25, below 1.25^2.
        Assert.Equal(0.0, accumulator.Compute()[MetricNames.Delta1], 12);
        Assert.Equal(1.0, accumulator.Compute()[MetricNames.Delta2], 12);
    }

    [Fact]
    public void MergingHalvesGivesExactlyTheWholeBatchStatistics()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var task = new DepthTask();
        var predictions = rand(6, 1, 4, 5, generator: generator) * 10;
        var targets = (rand(6, 1, 4, 5, generator: generator) * 10).masked_fill(rand(6, 1, 4, 5, generator: generator).lt(0.1), 0);
        var mask = rand(6, 1, 4, 5, generator: generator).gt(0.2).to_type(ScalarType.Float32);
        var whole = task.CreateAccumulator();
        var first = task.CreateAccumulator();
        var second = task.CreateAccumulator();

        whole.Update(predictions, targets, mask);
        first.Update(Samples(predictions, 0, 3), Samples(targets, 0, 3), Samples(mask, 0, 3));
        second.Update(Samples(predictions, 3, 3), Samples(targets, 3, 3), Samples(mask, 3, 3));
        first.Merge(second.State);

        Assert.Equal(whole.State, first.State);
        Assert.Equal(whole.Compute(), first.Compute());
    }

    [Fact]
    public void StatisticThatOverflowsIsRefusedRatherThanReported()
    {
        using var scope = NewDisposeScope();
        var accumulator = new DepthTask().CreateAccumulator();

        // Finite inputs, but the relative error 1e300 / 1e-300 is infinite in float64.
        var error = Assert.Throws<ArgumentException>(() => accumulator.Update(Of([1e300], 1, 1, 1, 1), Of([1e-300], 1, 1, 1, 1), Ones(1, 1, 1, 1)));

        Assert.StartsWith("depth_zbuffer:", error.Message);
        Assert.All(accumulator.State, v => Assert.Equal(0, v));
    }
}
