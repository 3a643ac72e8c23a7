using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>
/// A model-free target for hand-checked cases: task <c>a</c> predicts image channel 0 and task <c>b</c> channel 1
/// (masked L1 against zero targets), so a sample's task loss is the mean absolute value of that channel.
/// </summary>
internal static class ChannelTarget
{
    public static readonly IReadOnlyList<VisionTask> Tasks = [new MaskedL1Task("a"), new MaskedL1Task("b")];

    public static AttackTarget Create() => new(images => new Dictionary<string, Tensor>
    {
        ["a"] = images[TensorIndex.Colon, TensorIndex.Slice(0, 1)],
        ["b"] = images[TensorIndex.Colon, TensorIndex.Slice(1, 2)],
    }, Tasks, new PixelBounds([-1000, -1000, -1000], [1000, 1000, 1000]));

    /// <summary>Images [N,3,2,2] whose channels 0 and 1 are constant per sample at the given values.</summary>
    public static Tensor Images(double[] channel0, double[] channel1)
    {
        int n = channel0.Length;
        var images = zeros(n, 3, 2, 2);
        for (int i = 0; i < n; i++)
        {
            images[i, 0] = channel0[i];
            images[i, 1] = channel1[i];
        }
        return images;
    }

    public static MultiTaskBatch Batch(Tensor images)
    {
        long n = images.shape[0];
        return new MultiTaskBatch(images,
            new Dictionary<string, Tensor> { ["a"] = zeros(n, 1, 2, 2), ["b"] = zeros(n, 1, 2, 2) },
            new Dictionary<string, Tensor> { ["a"] = ones(n, 1, 2, 2), ["b"] = ones(n, 1, 2, 2) });
    }
}
