using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Mean absolute error over masked pixels and channels. State: [values scored, sum |p - t| in quanta of
/// <see cref="FixedPointSum.ErrorQuantum"/>]. Integer entries, exact merging.
/// </summary>
public sealed class MeanAbsErrorAccumulator : MetricAccumulator
{
    // Update writes the statistics in this order.
    private const int CountIndex = 0, SumIndex = 1;

    private readonly VisionTask _task;

    internal MeanAbsErrorAccumulator(VisionTask task) : base(2) => _task = task;

    public override void Update(Tensor prediction, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var aligned = _task.ScoredPrediction(prediction, target, mask).to_type(ScalarType.Float64);
        var absoluteError = (aligned - target.to_type(ScalarType.Float64)).abs().masked_select(ValidPixels.FromMask(mask));
        AddStatistics(StatisticsVector.Of(
            StatisticsVector.NumelOf(absoluteError),
            FixedPointSum.InQuanta(absoluteError, FixedPointSum.ErrorQuantum)), _task.Name);
    }

    public override IReadOnlyDictionary<string, double> Compute() => new Dictionary<string, double>
    {
        [MetricNames.MeanAbsErr] = State[CountIndex] > 0 ? State[SumIndex] * FixedPointSum.ErrorQuantum / State[CountIndex] : double.NaN,
    };
}
