using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// The floor an attack step cannot go under: one forward pass, the summed task losses, one backward pass to the input,
/// nothing else (no context, no stacking, no sign, no projection). Attack timings are divided by this.
/// </summary>
internal static class BareForwardBackward
{
    public static void Run(AttackTarget target, MultiTaskBatch batch, Tensor images)
    {
        using var scope = NewDisposeScope();
        // As an attack step takes its gradients (AttackContext.LossesWithGraph): autograd on, whatever the thread's mode.
        using var gradients = enable_grad();
        var input = images.detach().requires_grad_(true);
        var outputs = target.Forward(input);
        Tensor? total = null;
        foreach (var task in target.Tasks)
        {
            var loss = task.PerSampleLoss(outputs[task.Name], batch.Targets[task.Name], batch.Masks[task.Name]).sum();
            total = total is null ? loss : total + loss;
        }
        autograd.grad([total!], [input]);
    }
}
