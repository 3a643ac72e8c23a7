using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// A batch as the model sees it. Images: [N,3,H,W] float32, mean-subtracted pixel units (see <see cref="ImageNormalization"/>).
/// Targets: per task [N,C,H,W]; Masks: per task [N,1,H,W] in {0,1}.
/// </summary>
public sealed class MultiTaskBatch(torch.Tensor images, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks)
    : MultiTaskTensors<MultiTaskBatch>(images, targets, masks)
{
    public torch.Tensor Images => Pixels;
    public int Count => (int)Images.shape[0];

    public MultiTaskBatch To(torch.Device device) => Map(t => t.to(device));

    protected override MultiTaskBatch Create(torch.Tensor pixels, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks) =>
        new(pixels, targets, masks);
}
