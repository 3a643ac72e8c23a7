using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// Passes every call through to <paramref name="inner"/> and takes a <see cref="MemorySample"/> right after the steps
/// of the chosen iterations. Sampling inside the loop, at the same point of every iteration, compares like with like
/// and needs no hook in the attack algorithms. <paramref name="stepsBeforeLoop"/> is how many steps an algorithm
/// takes before its first iteration (APGD evaluates its starting point once). Live tensors are counted from the
/// moment it is made: make it on the attack's thread right before the attack runs.
/// </summary>
internal sealed class SamplingObjective(AttackObjective inner, IReadOnlyCollection<int> iterations, int stepsBeforeLoop) : AttackObjective
{
    private readonly List<MemorySample> samples = [];
    private readonly long threadLiveAtStart = MemorySample.ThreadLiveNow;
    private int steps;

    public IReadOnlyList<MemorySample> Samples => samples;

    public override string Name => inner.Name;

    public override Tensor Value(AttackContext context, Tensor taskLosses) => inner.Value(context, taskLosses);

    public override ObjectiveStep Step(AttackContext context, Tensor images)
    {
        var step = inner.Step(context, images);
        Sample();
        return step;
    }

    /// <summary>The L2 attacks ask for the inner objective's own direction, not its sign.</summary>
    public override ObjectiveAscent Ascent(AttackContext context, Tensor images)
    {
        var ascent = inner.Ascent(context, images);
        Sample();
        return ascent;
    }

    private void Sample()
    {
        int iteration = ++steps - stepsBeforeLoop;
        if (iterations.Contains(iteration)) samples.Add(MemorySample.Take(iteration, threadLiveAtStart));
    }
}
