using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Diagnostics;

/// <summary>
/// Watches an attack's iterates for the evaluation's diagnostics. The algorithms call <see cref="Observe"/> at every
/// iterate (step 0 is the start point, which begins a new run: a restart or an ensemble member) with the step direction
/// taken there (null at the last iterate). It measures each task's per-sample loss at the iterate with one extra forward
/// pass without gradients (the objective's own forward is inside the objective and yields only its value), and keeps on
/// the device (detached from every dispose scope: the algorithms dispose their steps' scopes; this trace owns them until
/// disposed), read once by <see cref="Statistics"/>: the loss sums per step, and per sample whether the objective ever
/// rose above its start value, whether a direction was zero everywhere, and whether anything was not finite.
/// </summary>
public sealed class AttackTrace : IDisposable
{
    private readonly List<Tensor> stepLossSums = [];
    private readonly List<long> stepSamples = [];
    private readonly List<Tensor> finishedRuns = [];
    private RunState? run;

    public void Observe(AttackContext context, AttackObjective objective, int step, Tensor images, Tensor? direction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(objective);
        if (step == 0) EndRun();
        if (run is null) throw new InvalidOperationException("A traced run starts with step 0.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var losses = context.TaskLosses(images.detach()).detach().to_type(ScalarType.Float64);
        var value = objective.Value(context, losses.to_type(context.CleanLosses.dtype)).detach().to_type(ScalarType.Float64);
        var finite = losses.isfinite().all(0).logical_and(value.isfinite());
        if (direction is not null)
        {
            var flat = direction.detach().flatten(1);
            finite = finite.logical_and(flat.isfinite().all(1));
            run.Update(zeroDirection: flat.eq(0).all(1));
        }
        run.Update(notFinite: finite.logical_not());
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
        foreach (var t in stepLossSums.Concat(finishedRuns)) t.Dispose();
        run?.Dispose();
        run = null;
    }

    /// <summary>One run's per-sample flags, [N] each.</summary>
    private sealed class RunState : IDisposable
    {
        private Tensor? start, rose, zeroDirection, notFinite;

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

        public void Update(Tensor? zeroDirection = null, Tensor? notFinite = null)
        {
            if (zeroDirection is not null) Replace(ref this.zeroDirection, this.zeroDirection is null ? zeroDirection.clone() : this.zeroDirection.logical_or(zeroDirection));
            if (notFinite is not null) Replace(ref this.notFinite, this.notFinite is null ? notFinite.clone() : this.notFinite.logical_or(notFinite));
        }

        /// <summary>[samples, not increasing, zero direction, not finite] as an int64 tensor; empty run: zeros.</summary>
        public Tensor Counts()
        {
            using var scope = NewDisposeScope();
            if (start is null || rose is null) return zeros(4, dtype: ScalarType.Int64).DetachFromDisposeScope();
            var device = start.device;
            Tensor Count(Tensor? flags) => flags is null ? zeros(1, dtype: ScalarType.Int64, device: device) : flags.sum().to_type(ScalarType.Int64).reshape(1);
            var samples = full(1, start.shape[0], dtype: ScalarType.Int64, device: device);
            return cat([samples, Count(rose.logical_not()), Count(zeroDirection), Count(notFinite)]).DetachFromDisposeScope();
        }

        private static void Replace(ref Tensor? field, Tensor value)
        {
            var old = field;
            field = value.detach().DetachFromDisposeScope();
            old?.Dispose();
        }

        public void Dispose()
        {
            foreach (var t in new[] { start, rose, zeroDirection, notFinite }) t?.Dispose();
        }
    }
}
