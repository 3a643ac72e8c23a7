using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using TorchSharp;
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
/// Those are <see cref="ApgdRules.Ours"/>; other <see cref="ApgdRules"/> (the reference code's APGD and its restarting
/// variant <c>aar</c>) change the first step, the checkpoints, who decides and when, through this same loop.
/// </summary>
public sealed class Apgd : AttackAlgorithm
{
    /// <param name="name">As the catalog names it (<see cref="Catalog.AttackDefinitions"/>); rules with a name of their own (<c>aar</c>) report under theirs.</param>
    public Apgd(ThreatModel threat, string name, ApgdRules? rules = null) : base(threat)
    {
        catalogName = name;
        Rules = rules ?? ApgdRules.Ours;
    }

    private readonly string catalogName;

    public const double Momentum = 0.75;
    public const double SuccessFraction = 0.75;

    /// <summary>How this APGD decides; <see cref="ApgdRules.Ours"/> unless built otherwise.</summary>
    public ApgdRules Rules { get; }

    public override string Name => Rules.AlgorithmName ?? catalogName;

    /// <summary>This algorithm under <paramref name="rules"/> (the reference protocol swaps <see cref="ApgdRules.Reference"/> in).</summary>
    public Apgd Under(ApgdRules rules) => new(Threat, catalogName, rules);

    /// <summary>It starts at its first step (2 epsilon for ours, the budget's step for the reference's) and only halves.</summary>
    public override double LargestStep(AttackBudget budget) => Rules.FirstStepSize(budget);

    /// <summary>The steps and the objective at the start point.</summary>
    public override int ObjectiveSteps(int steps) => steps + 1;

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clean = context.CleanImages;
        var checkpoints = Rules.Checkpoints(budget.Steps);
        long n = clean.shape[0];
        var sampleShape = SampleShape.Of(n, clean);

        var state = new DisposableState();
        using (NewDisposeScope())
        {
            state.X = budget.RandomStart ? RandomStart(context, budget.Epsilon, random) : clean.detach().clone();
            var first = Evaluate(context, objective, budget, 1, state.X);
            trace?.Observe(context, objective, 0, state.X, first.Sign);
            state.Sign = first.Sign; state.Value = Decided(first.Value);
            state.Previous = state.X.clone();
            state.Best = state.X.clone(); state.BestSign = state.Sign.clone(); state.BestValue = state.Value.clone();
            state.StepSize = full(sampleShape, Rules.FirstStepSize(budget), dtype: clean.dtype, device: clean.device);
            state.Increases = zeros(n, device: clean.device);
            state.ReducedAtLastCheck = zeros(n, dtype: ScalarType.Bool, device: clean.device);
            state.BestAtLastCheck = state.BestValue.clone();
            state.ValueAtLastCheck = state.Value.clone();
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
            var target = state.X + state.StepSize * state.Sign;
            var z = Rules.StepTargetInPixelRange ? Project(context, target, budget.Epsilon) : Threat.ProjectOntoBall(target, context.CleanImages, budget.Epsilon);
            var next = Project(context, state.X + (z - state.X) * a + (state.X - state.Previous) * (1 - a), budget.Epsilon).detach();
            var step = Evaluate(context, objective, budget, k + 2, next);
            trace?.Observe(context, objective, k + 1, next, step.Sign);

            var value = Decided(step.Value);
            var increased = (value > state.Value).to_type(ScalarType.Float32);
            var improved = Rules.BestTakesTies && k > 0 ? value >= state.BestValue : value > state.BestValue;
            var improvedImages = improved.reshape(sampleShape);
            var update = new DisposableState
            {
                Previous = state.X.clone(),
                X = next,
                Sign = step.Sign,
                Value = value,
                Increases = state.Increases + increased,
                Best = where(improvedImages, next, state.Best),
                BestSign = where(improvedImages, step.Sign, state.BestSign),
                BestValue = where(improved, value, state.BestValue),
                // Carried over as copies so the old state can be disposed whole.
                StepSize = state.StepSize.clone(),
                ReducedAtLastCheck = state.ReducedAtLastCheck.clone(),
                BestAtLastCheck = state.BestAtLastCheck.clone(),
                ValueAtLastCheck = state.ValueAtLastCheck.clone(),
            };

            // On time, checkpoint w_j is tested once f(x_{w_j}) is known (k + 1 == w_j) on the steps up to it; late (the
            // reference), it is tested an iteration later (k == w_j), on the same steps, so this iteration's increase
            // already counts towards the next span and the halved step first makes x_{k+2}.
            int due = Rules.LateHalving ? k : k + 1;
            if (nextCheckpoint < checkpoints.Count && due == checkpoints[nextCheckpoint])
            {
                int span = checkpoints[nextCheckpoint] - checkpoints[nextCheckpoint - 1];
                var increases = Rules.LateHalving ? state.Increases : update.Increases;
                var atCheckpoint = Rules.LateHalving ? (Value: state.Value, Best: state.BestValue) : (Value: update.Value, Best: update.BestValue);
                var tooFewIncreases = increases < SuccessFraction * span;
                var unchanged = Rules.Stall == ApgdStallTest.BestUnchanged
                    ? atCheckpoint.Best <= update.BestAtLastCheck
                    : atCheckpoint.Value == update.ValueAtLastCheck;
                var stalled = update.ReducedAtLastCheck.logical_not().logical_and(unchanged);
                var reduce = tooFewIncreases.logical_or(stalled);
                var reduceImages = reduce.reshape(sampleShape);
                update.StepSize = where(reduceImages, update.StepSize / 2, update.StepSize);
                if (Rules.RestartFromBest)
                {
                    update.X = where(reduceImages, update.Best, update.X);
                    update.Sign = where(reduceImages, update.BestSign, update.Sign);
                }
                update.ReducedAtLastCheck = reduce;
                update.BestAtLastCheck = atCheckpoint.Best.clone();
                update.ValueAtLastCheck = atCheckpoint.Value.clone();
                update.Increases = Rules.LateHalving ? increased : zeros_like(update.Increases);
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

    /// <summary>
    /// The value the rules decide on: the objective's per-sample value, or under <see cref="ApgdRules.BatchDecisions"/>
    /// its batch mean given to every sample, so every sample takes the same best iterate and the same step.
    /// </summary>
    private Tensor Decided(Tensor value) => Rules.BatchDecisions ? value.mean().expand(value.shape).clone() : value;

    /// <summary>The per-sample iteration state, swapped wholesale each step so nothing leaks.</summary>
    private sealed class DisposableState : IDisposable
    {
        public Tensor X = null!, Previous = null!, Sign = null!, Value = null!;
        public Tensor Best = null!, BestSign = null!, BestValue = null!;
        public Tensor StepSize = null!, Increases = null!, ReducedAtLastCheck = null!, BestAtLastCheck = null!, ValueAtLastCheck = null!;

        private IEnumerable<Tensor> All => [X, Previous, Sign, Value, Best, BestSign, BestValue, StepSize, Increases, ReducedAtLastCheck, BestAtLastCheck, ValueAtLastCheck];

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
