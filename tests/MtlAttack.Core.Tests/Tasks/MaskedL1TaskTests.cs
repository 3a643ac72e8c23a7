using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class MaskedL1TaskTests
{
    // Two 2x3 samples; the second is entirely masked.
    private static Tensor Predictions() => Of([0.5f, 1, 0, 0.25f, 0.75f, 1, 9, 9, 9, 9, 9, 9], 2, 1, 2, 3);
    private static Tensor Targets() => Of([0f, 1, 1, 0, 0.25f, 0.5f, 0, 0, 0, 0, 0, 0], 2, 1, 2, 3);
    private static Tensor Mask() => Of([1f, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0], 2, 1, 2, 3);

    [Theory]
    [InlineData(TaskNames.Keypoints)]
    [InlineData(TaskNames.Edges)]
    public void LossIsMeanAbsoluteErrorOverMaskedPixels(string name)
    {
        using var scope = NewDisposeScope();
        var task = VisionTaskFactory.Create(name);

        var perSample = Values(task.PerSampleLoss(Predictions(), Targets(), Mask()));

        // Scored errors of sample 1: 0.5, 0, 1, 0.5, 0.5; sample 2 has none.
        Assert.Equal([2.5 / 5, 0], perSample);
        Assert.Equal(0.25, task.Loss(Predictions(), Targets(), Mask()).item<float>(), 6);
    }

    [Theory]
    [InlineData(TaskNames.Keypoints)]
    [InlineData(TaskNames.Edges)]
    public void MetricIsMeanAbsoluteErrorOverAllScoredPixels(string name)
    {
        using var scope = NewDisposeScope();
        var accumulator = VisionTaskFactory.Create(name).CreateAccumulator();

        accumulator.Update(Predictions(), Targets(), Mask());

        Assert.Equal(0.5, accumulator.Compute()[MetricNames.MeanAbsErr], 12);
        Assert.Equal(5, accumulator.State[0]);
    }

    [Fact]
    public void GradientIsSignOfErrorOverScoredCount()
    {
        using var scope = NewDisposeScope();
        var predictions = Predictions().requires_grad_();

        MaskedL1Task.Keypoints().PerSampleLoss(predictions, Targets(), Mask()).sum().backward();

        Assert.Equal([0.2, 0, -0.2, 0, 0.2, 0.2, 0, 0, 0, 0, 0, 0], Values(predictions.grad!), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void MultiChannelTaskAveragesOverChannelsToo()
    {
        using var scope = NewDisposeScope();
        var task = new MaskedL1Task("two_channel", channels: 2);
        var predictions = Of([1f, 0, 3, 0], 1, 2, 1, 2);

        var loss = task.PerSampleLoss(predictions, Zeros(1, 2, 1, 2), Of([1f, 0], 1, 1, 1, 2));

        Assert.Equal(2, loss.item<float>(), 6);   // (1 + 3) / 2 scored values
    }

    [Fact]
    public void MergingHalvesGivesExactlyTheWholeBatchStatistics()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        var task = MaskedL1Task.EdgeTexture();
        var predictions = randn(5, 1, 3, 4, generator: generator);
        var targets = rand(5, 1, 3, 4, generator: generator);
        var mask = rand(5, 1, 3, 4, generator: generator).gt(0.5).to_type(ScalarType.Float32);
        var whole = task.CreateAccumulator();
        var first = task.CreateAccumulator();
        var second = task.CreateAccumulator();

        whole.Update(predictions, targets, mask);
        first.Update(Samples(predictions, 0, 2), Samples(targets, 0, 2), Samples(mask, 0, 2));
        second.Update(Samples(predictions, 2, 3), Samples(targets, 2, 3), Samples(mask, 2, 3));
        first.Merge(second.State);

        Assert.Equal(whole.State, first.State);
        Assert.Equal(whole.Compute(), first.Compute());
    }
}
