using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// What a <see cref="MultiTaskSample"/> and a <see cref="MultiTaskBatch"/> share: the pixels, and per task a target
/// and a mask, which live and die together.
/// </summary>
public abstract class MultiTaskTensors<TSelf>(torch.Tensor pixels, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks)
    : IDisposable where TSelf : MultiTaskTensors<TSelf>
{
    protected torch.Tensor Pixels { get; } = pixels;
    public IReadOnlyDictionary<string, torch.Tensor> Targets { get; } = targets;
    public IReadOnlyDictionary<string, torch.Tensor> Masks { get; } = masks;

    /// <summary>A new one of the same kind holding <paramref name="map"/> of every tensor (pixels, targets, masks).</summary>
    public TSelf Map(Func<torch.Tensor, torch.Tensor> map) => Create(
        map(Pixels),
        Targets.ToDictionary(kv => kv.Key, kv => map(kv.Value)),
        Masks.ToDictionary(kv => kv.Key, kv => map(kv.Value)));

    /// <summary>Keeps these tensors alive past the current dispose scope.</summary>
    public TSelf MoveToOuterDisposeScope() => ForEach(t => t.MoveToOuterDisposeScope());

    public void Dispose() => ForEach(t => t.Dispose());

    protected abstract TSelf Create(torch.Tensor pixels, IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> masks);

    private TSelf ForEach(Action<torch.Tensor> action)
    {
        action(Pixels);
        foreach (var t in Targets.Values) action(t);
        foreach (var m in Masks.Values) action(m);
        return (TSelf)this;
    }
}
