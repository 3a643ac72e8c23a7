using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Depth error statistics. State: [pixels, sum |p - t| and sum |p - t| / t in quanta of
/// <see cref="FixedPointSum.ErrorQuantum"/>, pixels within 1.25, 1.25^2, 1.25^3]. Integer entries, exact merging.
/// </summary>
public sealed class DepthAccumulator : MetricAccumulator
{
    // Update writes the statistics in this order.
    private const int PixelsIndex = 0, AbsSumIndex = 1, RelSumIndex = 2, DeltaStart = 3;
    /// <summary>The ratio thresholds max(p/t, t/p) of the delta metrics (the reference protocol's sigma metrics too): 1.25, 1.25^2, 1.25^3.</summary>
    internal static readonly double[] DeltaThresholds = [1.25, 1.25 * 1.25, 1.25 * 1.25 * 1.25];

    private readonly DepthTask _task;

    internal DepthAccumulator(DepthTask task) : base(DeltaStart + DeltaThresholds.Length) => _task = task;

    public override void Update(Tensor prediction, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scored = DepthTask.ScoredPixels(target, mask);
        var predicted = _task.ScoredPrediction(prediction, target, mask).to_type(ScalarType.Float64).masked_select(scored);
        var actual = target.to_type(ScalarType.Float64).masked_select(scored);
        var absoluteError = (predicted - actual).abs();

        // A non-positive predicted depth is never within a ratio of a positive target (its ratio would
        // otherwise be negative and pass every threshold).
        using var zero = 0.ToScalar();
        using var infinity = double.PositiveInfinity.ToScalar();
        var ratio = maximum(predicted / actual, actual / predicted).masked_fill(predicted.le(zero), infinity);
        AddStatistics(StatisticsVector.Of(
        [
            StatisticsVector.NumelOf(actual),
            FixedPointSum.InQuanta(absoluteError, FixedPointSum.ErrorQuantum),
            FixedPointSum.InQuanta(absoluteError / actual, FixedPointSum.ErrorQuantum),
            .. DeltaThresholds.Select(threshold => StatisticsVector.CountBelow(ratio, threshold)),
        ]), _task.Name);
    }

    public override IReadOnlyDictionary<string, double> Compute()
    {
        double pixels = State[PixelsIndex];
        double Mean(double sum) => pixels > 0 ? sum / pixels : double.NaN;
        return new Dictionary<string, double>
        {
            [MetricNames.AbsErr] = Mean(State[AbsSumIndex] * FixedPointSum.ErrorQuantum),
            [MetricNames.RelErr] = Mean(State[RelSumIndex] * FixedPointSum.ErrorQuantum),
            [MetricNames.Delta1] = Mean(State[DeltaStart]),
            [MetricNames.Delta2] = Mean(State[DeltaStart + 1]),
            [MetricNames.Delta3] = Mean(State[DeltaStart + 2]),
        };
    }
}
