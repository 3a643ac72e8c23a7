using MtlAttack.Core.IO;
using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// One image with its targets, on the CPU, before resizing/augmentation and batching.
/// Image: [3,H,W] float32 in 0..255, channel order as the dataset's <see cref="ImageNormalization"/> says, not mean-subtracted.
/// Targets: per task [C,H,W] float32 (segmentation: class index as float, 255 = ignore).
/// Masks: per task [1,H,W] float32 in {0,1}.
/// </summary>
public sealed class MultiTaskSample(torch.Tensor image, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks)
    : MultiTaskTensors<MultiTaskSample>(image, targets, masks)
{
    public torch.Tensor Image => Pixels;
    public int Height => (int)Image.shape[1];
    public int Width => (int)Image.shape[2];

    /// <summary>A sample from decoded files: the image, and per task (read in order) the target and mask planes <paramref name="read"/> gives.</summary>
    public static MultiTaskSample FromImageData(ImageData image, IEnumerable<string> tasks, Func<string, (ImageData Target, ImageData Mask)> read)
    {
        var planes = tasks.ToDictionary(task => task, read);
        return new(image.ToTensor(),
            planes.ToDictionary(kv => kv.Key, kv => kv.Value.Target.ToTensor()),
            planes.ToDictionary(kv => kv.Key, kv => kv.Value.Mask.ToTensor()));
    }

    protected override MultiTaskSample Create(torch.Tensor pixels, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks) =>
        new(pixels, targets, masks);
}
