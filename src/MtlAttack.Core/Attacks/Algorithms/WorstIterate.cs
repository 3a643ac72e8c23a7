using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// Keeps, per sample, the adversarial image with the highest objective value among several runs (restarts, ensemble
/// members): the value is the objective's own per-sample value at the returned image, measured with one forward pass
/// without gradients. Ties keep the earlier run, so one run alone returns exactly its own images.
/// </summary>
public sealed class WorstIterate : IDisposable
{
    private Tensor? images, values;

    public void Offer(AttackContext context, AttackObjective objective, Tensor candidate)
    {
        using var scope = NewDisposeScope();
        Tensor value;
        using (no_grad())
            value = objective.ValueAt(context, candidate).detach();
        if (images is null || values is null)
        {
            images = candidate.detach().clone().DetachFromDisposeScope();
            values = value.clone().DetachFromDisposeScope();
            return;
        }
        var higher = value > values;
        var shape = SampleShape.Of(higher.shape[0], candidate);
        var nextImages = where(higher.reshape(shape), candidate, images).DetachFromDisposeScope();
        var nextValues = where(higher, value, values).DetachFromDisposeScope();
        images.Dispose();
        values.Dispose();
        (images, values) = (nextImages, nextValues);
    }

    /// <summary>The per-sample worst images so far, in the caller's dispose scope (as the algorithms return theirs).</summary>
    public Tensor Take()
    {
        var kept = images ?? throw new InvalidOperationException("No run was offered.");
        var taken = kept.alias();
        kept.Dispose();
        images = null;
        return taken;
    }

    public void Dispose()
    {
        images?.Dispose();
        values?.Dispose();
    }
}
