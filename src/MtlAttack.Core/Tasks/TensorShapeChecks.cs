using TorchSharp;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Shape checks for a task's prediction, target and mask. Libtorch's own errors on a mismatch are about
/// broadcasting or gather indices, far from the cause; these name the task and say what was expected.
/// </summary>
internal static class TensorShapeChecks
{
    public static void Prediction(VisionTask task, torch.Tensor prediction, torch.Tensor target)
    {
        if (prediction.dim() != 4)
            throw new ArgumentException($"{task.Name}: prediction must be [N,C,H,W], got {Describe(prediction)}.", nameof(prediction));
        if (!prediction.is_floating_point())
            throw new ArgumentException($"{task.Name}: prediction must be floating point, got {prediction.dtype}.", nameof(prediction));
        if (prediction.shape[1] != task.OutputChannels)
            throw new ArgumentException($"{task.Name}: prediction has {prediction.shape[1]} channels, expected {task.OutputChannels}.", nameof(prediction));
        if (prediction.shape[0] != target.shape[0])
            throw new ArgumentException($"{task.Name}: prediction holds {prediction.shape[0]} samples but the target holds {target.shape[0]}.", nameof(prediction));
        if (prediction.shape[2] == 0 || prediction.shape[3] == 0)
            throw new ArgumentException($"{task.Name}: prediction has no pixels, {Describe(prediction)}.", nameof(prediction));
    }

    public static void TargetAndMask(VisionTask task, torch.Tensor target, torch.Tensor mask)
    {
        if (target.dim() != 4)
            throw new ArgumentException($"{task.Name}: target must be [N,{task.TargetChannels},H,W], got {Describe(target)}.", nameof(target));
        if (target.shape[1] != task.TargetChannels)
            throw new ArgumentException($"{task.Name}: target has {target.shape[1]} channels, expected {task.TargetChannels}.", nameof(target));
        long[] expectedMask = [target.shape[0], 1, target.shape[2], target.shape[3]];
        if (!mask.shape.SequenceEqual(expectedMask))
            throw new ArgumentException($"{task.Name}: mask must be [{string.Join(",", expectedMask)}] to match the target, got {Describe(mask)}.", nameof(mask));
    }

    private static string Describe(torch.Tensor tensor) => $"[{string.Join(",", tensor.shape)}]";
}
