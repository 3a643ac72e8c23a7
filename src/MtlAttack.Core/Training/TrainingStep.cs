using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// The optimisation of one batch. Clean or <c>mixed</c> (<see cref="AdversarialProtocols"/>): one step on the batch,
/// with adversarial images mixed in (made with the network in eval mode). <c>reference</c>: a step on the clean batch,
/// then one on the whole batch attacked with the weights that step left. A step is the weighted sum of the task
/// losses, backward and the optimizer's step, in train mode.
/// </summary>
internal sealed class TrainingStep(MultiTaskNetwork network, OptimizerHelper optimizer, TrainingTasks tasks,
    AdversarialBatchMixer? mixer, AttackTarget? attackTarget, bool referenceProtocol = false)
{
    /// <summary>
    /// Trains on <paramref name="batch"/> and returns each task's unweighted loss on it; under the reference protocol
    /// the mean over its clean and adversarial steps.
    /// </summary>
    public double[] Run(MultiTaskBatch batch, long attackSeed)
    {
        using var scope = NewDisposeScope();
        if (mixer is null) return Optimise(batch.Images, batch);
        if (!referenceProtocol) return Optimise(mixer.Mix(network, attackTarget!, batch, attackSeed), batch);

        var clean = Optimise(batch.Images, batch);
        var adversarial = Optimise(mixer.Mix(network, attackTarget!, batch, attackSeed), batch);
        return clean.Zip(adversarial, (c, a) => (c + a) / 2).ToArray();
    }

    private double[] Optimise(Tensor images, MultiTaskBatch batch)
    {
        using var scope = NewDisposeScope();
        // The weights' gradients whatever the calling thread's autograd mode (see AttackContext.LossesWithGraph).
        using var gradients = enable_grad();
        network.train();
        optimizer.zero_grad();
        var outputs = network.forward(images);
        var losses = new Tensor[tasks.Tasks.Count];
        Tensor? total = null;
        for (int t = 0; t < losses.Length; t++)
        {
            var task = tasks.Tasks[t];
            losses[t] = task.Loss(outputs[task.Name], batch.Targets[task.Name], batch.Masks[task.Name]);
            if (tasks.Weights[t] == 0) continue;
            var weighted = tasks.Weights[t] == 1 ? losses[t] : losses[t] * tasks.Weights[t];
            total = total is null ? weighted : total + weighted;
        }
        total!.backward();
        optimizer.step();
        var values = stack(losses).detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        if (!values.All(double.IsFinite))
            throw new InvalidOperationException(
                $"Training diverged: a task loss became {string.Join(", ", values.Select((v, i) => $"{tasks.Tasks[i].Name}={v}"))}; lower TrainingOptions.LearningRate.");
        return values;
    }
}
