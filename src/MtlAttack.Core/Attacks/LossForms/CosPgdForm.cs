using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.LossForms;

/// <summary>
/// <c>cospgd</c> (Agnihotri, Jung &amp; Keuper, ICML 2024): each pixel's loss scaled by the detached cosine similarity
/// between the softmax of the prediction and the reference, so pixels the attack has already flipped weigh less and the
/// step goes to the pixels still right. Segmentation compares with the one-hot label. Regression tasks follow the
/// authors' code (<c>cospgd_scale(..., one_hot=False)</c>, used for optical flow): the softmax over the channels of both
/// the prediction and the target, which for normals compares the softmaxed 3-vectors. Targeted, the factor is
/// 1 - cosine, as in the authors' code: pixels still far from the goal weigh more.
/// <para>
/// The form applies to tasks with more than one channel (segmentation, normals). For one-channel tasks (depth, keypoints,
/// edges) a softmax over one channel is 1: the authors' factor would be 1 (the task's own loss) untargeted and 0 targeted,
/// which would erase a depth goal; so those tasks keep their own loss and <c>single(depth_zbuffer)[cospgd]</c> is refused.
/// </para>
/// </summary>
public sealed class CosPgdForm : PixelLossForm
{
    public override string Name => "cospgd";

    public override string? Refusal(string task) => task is TaskNames.SegmentSemantic or TaskNames.Normal
        ? null
        : $"cospgd compares softmax distributions over a task's channels, and {task} has one channel (its softmax is 1, so the form would be its own loss)";

    public override Tensor Scale(VisionTask task, PixelLosses pixels, bool targeted, int step, int steps)
    {
        using var scope = NewDisposeScope();
        var prediction = pixels.Prediction.detach();
        var reference = task.PredictsClasses
            ? nn.functional.one_hot(pixels.Reference.squeeze(1), prediction.shape[1]).permute(0, 3, 1, 2).to_type(prediction.dtype)
            : nn.functional.softmax(pixels.Reference.detach(), 1);
        var cosine = nn.functional.cosine_similarity(nn.functional.softmax(prediction, 1), reference, 1).unsqueeze(1);
        var factor = targeted ? 1 - cosine : cosine;
        return factor.detach().MoveToOuterDisposeScope();
    }
}
