using MtlAttack.Core.IO;
using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// One image with its targets, on the CPU, before resizing/augmentation and batching.
/// Image: [3,H,W] float32 in 0..255, channel order as the dataset's <see cref="ImageNormalization"/> says, not mean-subtracted.
/// Targets: per task [C,H,W] float32 (segmentation: class index as float, 255 = ignore).
/// Masks: per task [1,H,W] float32 in {0,1}.
/// </summary>
public sealed class MultiTaskSample(torch.Tensor image, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks) : IDisposable
{
    public torch.Tensor Image { get; } = image;
    public IReadOnlyDictionary<string, torch.Tensor> Targets { get; } = targets;
    public IReadOnlyDictionary<string, torch.Tensor> Masks { get; } = masks;
    public int Height => (int)Image.shape[1];
    public int Width => (int)Image.shape[2];

    /// <summary>A sample from decoded files: image, and per task its target and mask planes.</summary>
    public static MultiTaskSample FromImageData(ImageData image, IReadOnlyDictionary<string, ImageData> targets, IReadOnlyDictionary<string, ImageData> masks) =>
        new(image.ToTensor(),
            targets.ToDictionary(kv => kv.Key, kv => kv.Value.ToTensor()),
            masks.ToDictionary(kv => kv.Key, kv => kv.Value.ToTensor()));

    public void Dispose()
    {
        Image.Dispose();
        foreach (var t in Targets.Values) t.Dispose();
        foreach (var m in Masks.Values) m.Dispose();
    }
}
