using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Diagnostics;

/// <summary>
/// Watches an attack's iterates for the evaluation's diagnostics. The algorithms call <see cref="Observe"/> at every
/// iterate (step 0 is the start point, which begins a new run: a restart or an ensemble member) with the step direction
/// taken there (null at the last iterate). Each task's per-sample loss at the iterate comes from the objective's own
/// forward pass there when the attack's target is <see cref="Watch"/>ed (the trace keeps the last forward's images and
/// outputs, detached, and reuses the outputs when the images are equal), else from one forward pass without gradients (the last
/// iterate of pgd and fgsm, which no objective step evaluates). Everything is kept on the device, detached from every
/// dispose scope (the algorithms dispose their steps' scopes; this trace owns its tensors until disposed), and read once
/// by <see cref="Statistics"/>: the loss sums per step, and per sample whether the objective ever rose above its start
/// value, whether a direction was zero everywhere, and whether anything was not finite.
/// </summary>
public sealed class AttackTrace : IDisposable
{
    private readonly List<Tensor> stepLossSums = [];
    private readonly List<long> stepSamples = [];
    private readonly List<Tensor> finishedRuns = [];
    private RunState? run;
    private Tensor? seenImages;
    private Dictionary<string, Tensor>? seenOutputs;

    /// <summary><paramref name="target"/> with every forward pass remembered, so <see cref="Observe"/> can reuse the objective's.</summary>
    public AttackTarget Watch(AttackTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new AttackTarget(images =>
        {
            var outputs = target.Forward(images);
            Remember(images, outputs);
            return outputs;
        }, target.Tasks, target.Bounds);
    }

    private void Remember(Tensor images, IReadOnlyDictionary<string, Tensor> outputs)
    {
        Forget();
        seenImages = images.detach().DetachFromDisposeScope();
        seenOutputs = outputs.ToDictionary(kv => kv.Key, kv => kv.Value.detach().DetachFromDisposeScope());
    }

    private void Forget()
    {
        seenImages?.Dispose();
        if (seenOutputs is not null)
            foreach (var output in seenOutputs.Values) output.Dispose();
        (seenImages, seenOutputs) = (null, null);
    }

    /// <summary>Per-task losses [T,N] at <paramref name="images"/>: from the remembered forward when it was at these very images.</summary>
    private Tensor LossesAt(AttackContext context, Tensor images)
    {
        if (seenImages is null || seenOutputs is null || !seenImages.shape.SequenceEqual(images.shape) || seenImages.dtype != images.dtype
            || !seenImages.eq(images).all().item<bool>())
            return context.TaskLosses(images.detach());
        var batch = context.Batch;
        return stack(context.Target.Tasks.Select(t => t.PerSampleLoss(seenOutputs[t.Name], batch.Targets[t.Name], batch.Masks[t.Name])).ToArray());
    }

    public void Observe(AttackContext context, AttackObjective objective, int step, Tensor images, Tensor? direction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(objective);
        if (step == 0) EndRun();
        if (run is null) throw new InvalidOperationException("A traced run starts with step 0.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var losses = LossesAt(context, images).detach().to_type(ScalarType.Float64);
        var value = objective.ValueAt(context, images.detach(), losses.to_type(context.CleanLosses.dtype)).detach().to_type(ScalarType.Float64);
        var finite = losses.isfinite().all(0).logical_and(value.isfinite());
        if (direction is not null)
        {
            var flat = direction.detach().flatten(1);
            finite = finite.logical_and(flat.isfinite().all(1));
            RunState.Flag(ref run.ZeroDirection, flat.eq(0).all(1));
        }
        RunState.Flag(ref run.NotFinite, finite.logical_not());
        if (step == 0) run.Start(value);
        else run.Rise(value);

        while (stepLossSums.Count <= step)
        {
            stepLossSums.Add(zeros(losses.shape[0], dtype: ScalarType.Float64, device: losses.device).DetachFromDisposeScope());
            stepSamples.Add(0);
        }
        var sums = stepLossSums[step];
        // Non-finite losses are flagged above; summing them would only turn the trajectory into NaN.
        stepLossSums[step] = (sums + where(losses.isfinite(), losses, zeros_like(losses)).sum(1)).DetachFromDisposeScope();
        sums.Dispose();
        stepSamples[step] += losses.shape[1];
    }

    /// <summary>The trace so far, keyed by <paramref name="tasks"/> (the target's task order, the rows of the losses).</summary>
    public TraceStatistics Statistics(IReadOnlyList<string> tasks)
    {
        EndRun();
        var statistics = new TraceStatistics { StepSamples = stepSamples.ToArray() };
        var sums = stepLossSums.Select(s => s.cpu().data<double>().ToArray()).ToList();
        for (int t = 0; t < tasks.Count; t++)
            statistics.StepLossSums[tasks[t]] = sums.Select(s => s[t]).ToArray();
        foreach (var counts in finishedRuns)
        {
            var c = counts.cpu().data<long>().ToArray();
            statistics.Samples += c[0];
            statistics.NotIncreasing += c[1];
            statistics.ZeroDirection += c[2];
            statistics.NonFinite += c[3];
        }
        return statistics;
    }

    private void EndRun()
    {
        if (run is not null) finishedRuns.Add(run.Counts());
        run?.Dispose();
        run = new RunState();
    }

    public void Dispose()
    {
        Forget();
        foreach (var t in stepLossSums.Concat(finishedRuns)) t.Dispose();
        run?.Dispose();
        run = null;
    }

    /// <summary>One run's per-sample flags, [N] each.</summary>
    private sealed class RunState : IDisposable
    {
        private Tensor? start, rose;
        public Tensor? ZeroDirection, NotFinite;

        public void Start(Tensor value)
        {
            Replace(ref start, value.clone());
            Replace(ref rose, zeros_like(value, dtype: ScalarType.Bool));
        }

        public void Rise(Tensor value)
        {
            if (start is null || rose is null) return;
            Replace(ref rose, rose.logical_or(value > start));
        }

        /// <summary>Marks the samples set in <paramref name="flags"/> in <paramref name="field"/> (one of the per-sample flags).</summary>
        public static void Flag(ref Tensor? field, Tensor flags) => Replace(ref field, field is null ? flags.clone() : field.logical_or(flags));

        /// <summary>[samples, not increasing, zero direction, not finite] as an int64 tensor; empty run: zeros.</summary>
        public Tensor Counts()
        {
            using var scope = NewDisposeScope();
            if (start is null || rose is null) return zeros(4, dtype: ScalarType.Int64).DetachFromDisposeScope();
            var device = start.device;
            Tensor Count(Tensor? flags) => flags is null ? zeros(1, dtype: ScalarType.Int64, device: device) : flags.sum().to_type(ScalarType.Int64).reshape(1);
            var samples = full(1, start.shape[0], dtype: ScalarType.Int64, device: device);
            return cat([samples, Count(rose.logical_not()), Count(ZeroDirection), Count(NotFinite)]).DetachFromDisposeScope();
        }

        private static void Replace(ref Tensor? field, Tensor value)
        {
            var old = field;
            field = value.detach().DetachFromDisposeScope();
            old?.Dispose();
        }

        public void Dispose()
        {
            foreach (var t in new[] { start, rose, ZeroDirection, NotFinite }) t?.Dispose();
        }
    }
}
