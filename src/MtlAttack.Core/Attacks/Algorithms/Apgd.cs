using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>apgd</c>: AutoAttack's Auto-PGD for L-infinity. Step size starts at 2 epsilon; each step moves along the
/// objective's sign, then mixes with the previous step by momentum 0.75. At every checkpoint of
/// <see cref="ApgdSchedule"/> a sample's step size halves (and it restarts from its best point) when
/// (1) fewer than 75% of the steps since the last checkpoint increased its objective, or (2) its step size
/// was not reduced at the last checkpoint and its best objective has not improved since. The best iterate
/// per sample, by the objective's own value, is returned. Under <see cref="ThreatModel.L2"/> it is <c>apgd-l2</c>,
/// Croce &amp; Hein's L2 variant: the same schedule, momentum and initial step 2 epsilon, along the direction
/// normalised to unit L2 norm per image, projected onto the L2 ball and then the pixel range.
/// </summary>
public sealed class Apgd(ThreatModel threat) : AttackAlgorithm(threat)
{
    public Apgd() : this(ThreatModel.Linf) { }

    public const double Momentum = 0.75;
    public const double SuccessFraction = 0.75;

    public override string Name => Threat is L2Threat ? "apgd-l2" : "apgd";

    /// <summary>It starts at 2 epsilon and only halves.</summary>
    public override double LargestStep(AttackBudget budget) => 2 * budget.Epsilon;

    /// <summary>The steps and the objective at the start point.</summary>
    public override int ObjectiveSteps(int steps) => steps + 1;

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clean = context.CleanImages;
        var checkpoints = ApgdSchedule.Checkpoints(budget.Steps);
        long n = clean.shape[0];
        var sampleShape = new long[] { n }.Concat(Enumerable.Repeat(1L, (int)clean.dim() - 1)).ToArray();

        var state = new DisposableState();
        using (NewDisposeScope())
        {
            state.X = budget.RandomStart ? RandomStart(context, budget.Epsilon, random) : clean.detach().clone();
            var first = Evaluate(context, objective, budget, 1, state.X);
            trace?.Observe(context, objective, 0, state.X, first.Sign);
            state.Sign = first.Sign; state.Value = first.Value;
            state.Previous = state.X.clone();
            state.Best = state.X.clone(); state.BestSign = state.Sign.clone(); state.BestValue = state.Value.clone();
            state.StepSize = full(sampleShape, 2 * budget.Epsilon, dtype: clean.dtype, device: clean.device);
            state.Increases = zeros(n, device: clean.device);
            state.ReducedAtLastCheck = zeros(n, dtype: ScalarType.Bool, device: clean.device);
            state.BestAtLastCheck = state.BestValue.clone();
            state.MoveToOuterDisposeScope();
        }
        int nextCheckpoint = 1;

        for (int k = 0; k < budget.Steps; k++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                state.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            double a = k == 0 ? 1.0 : Momentum;
            var z = Project(context, state.X + state.StepSize * state.Sign, budget.Epsilon);
            var next = Project(context, state.X + (z - state.X) * a + (state.X - state.Previous) * (1 - a), budget.Epsilon).detach();
            var step = Evaluate(context, objective, budget, k + 2, next);
            trace?.Observe(context, objective, k + 1, next, step.Sign);

            var increased = step.Value > state.Value;
            var improved = step.Value > state.BestValue;
            var improvedImages = improved.reshape(sampleShape);
            var update = new DisposableState
            {
                Previous = state.X.clone(),
                X = next,
                Sign = step.Sign,
                Value = step.Value,
                Increases = state.Increases + increased.to_type(ScalarType.Float32),
                Best = where(improvedImages, next, state.Best),
                BestSign = where(improvedImages, step.Sign, state.BestSign),
                BestValue = where(improved, step.Value, state.BestValue),
                // Carried over as copies so the old state can be disposed whole.
                StepSize = state.StepSize.clone(),
                ReducedAtLastCheck = state.ReducedAtLastCheck.clone(),
                BestAtLastCheck = state.BestAtLastCheck.clone(),
            };

            if (nextCheckpoint < checkpoints.Count && k + 1 == checkpoints[nextCheckpoint])
            {
                int span = checkpoints[nextCheckpoint] - checkpoints[nextCheckpoint - 1];
                var tooFewIncreases = update.Increases < SuccessFraction * span;
                var stalled = update.ReducedAtLastCheck.logical_not().logical_and(update.BestValue <= update.BestAtLastCheck);
                var reduce = tooFewIncreases.logical_or(stalled);
                var reduceImages = reduce.reshape(sampleShape);
                update.StepSize = where(reduceImages, update.StepSize / 2, update.StepSize);
                update.X = where(reduceImages, update.Best, update.X);
                update.Sign = where(reduceImages, update.BestSign, update.Sign);
                update.ReducedAtLastCheck = reduce;
                update.BestAtLastCheck = update.BestValue.clone();
                update.Increases = zeros_like(update.Increases);
                nextCheckpoint++;
            }

            update.MoveToOuterDisposeScope();
            state.Dispose();
            state = update;
        }

        var best = state.Best.detach().clone();
        state.Dispose();
        return best;
    }

    /// <summary>The per-sample iteration state, swapped wholesale each step so nothing leaks.</summary>
    private sealed class DisposableState : IDisposable
    {
        public Tensor X = null!, Previous = null!, Sign = null!, Value = null!;
        public Tensor Best = null!, BestSign = null!, BestValue = null!;
        public Tensor StepSize = null!, Increases = null!, ReducedAtLastCheck = null!, BestAtLastCheck = null!;

        private IEnumerable<Tensor> All => [X, Previous, Sign, Value, Best, BestSign, BestValue, StepSize, Increases, ReducedAtLastCheck, BestAtLastCheck];

        public void MoveToOuterDisposeScope()
        {
            foreach (var t in All.Distinct()) t.MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            foreach (var t in All.Distinct()) t.Dispose();
        }
    }
}
