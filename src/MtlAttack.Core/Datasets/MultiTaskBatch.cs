using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// A batch as the model sees it. Images: [N,3,H,W] float32, mean-subtracted pixel units (see <see cref="ImageNormalization"/>).
/// Targets: per task [N,C,H,W]; Masks: per task [N,1,H,W] in {0,1}.
/// </summary>
public sealed class MultiTaskBatch(torch.Tensor images, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks) : IDisposable
{
    public torch.Tensor Images { get; } = images;
    public IReadOnlyDictionary<string, torch.Tensor> Targets { get; } = targets;
    public IReadOnlyDictionary<string, torch.Tensor> Masks { get; } = masks;
    public int Count => (int)Images.shape[0];

    public MultiTaskBatch To(torch.Device device) => new(
        Images.to(device),
        Targets.ToDictionary(kv => kv.Key, kv => kv.Value.to(device)),
        Masks.ToDictionary(kv => kv.Key, kv => kv.Value.to(device)));

    /// <summary>Keeps this batch's tensors alive past the current dispose scope.</summary>
    public MultiTaskBatch MoveToOuterDisposeScope()
    {
        Images.MoveToOuterDisposeScope();
        foreach (var t in Targets.Values) t.MoveToOuterDisposeScope();
        foreach (var m in Masks.Values) m.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Images.Dispose();
        foreach (var t in Targets.Values) t.Dispose();
        foreach (var m in Masks.Values) m.Dispose();
    }
}
