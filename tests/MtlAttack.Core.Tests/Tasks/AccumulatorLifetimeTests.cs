using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class AccumulatorLifetimeTests
{
    [Theory]
    [InlineData(TaskNames.SegmentSemantic, 3, 1)]
    [InlineData(TaskNames.Normal, 3, 3)]
    [InlineData(TaskNames.Depth, 1, 1)]
    [InlineData(TaskNames.Keypoints, 1, 1)]
    [InlineData(TaskNames.Edges, 1, 1)]
    public void UpdateLeavesNoTensorInTheCallersScope(string name, int outputChannels, int targetChannels)
    {
        var task = VisionTaskFactory.Create(name, segmentationClasses: 3);
        using var generator = new Generator(1);
        using var outer = NewDisposeScope();
        var prediction = rand(2, outputChannels, 3, 3, requires_grad: true, generator: generator);
        var target = randint(0, 3, [2, targetChannels, 6, 6], generator: generator).to_type(ScalarType.Float32);
        var mask = ones(2, 1, 6, 6);
        var accumulator = task.CreateAccumulator();
        long before = outer.DisposablesCount;

        accumulator.Update(prediction, target, mask);

        Assert.Equal(before, outer.DisposablesCount);
    }
}
