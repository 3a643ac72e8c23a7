namespace MtlAttack.Core.Tasks;

/// <summary>Which way a metric improves; the relative change of a metric depends on it.</summary>
public enum MetricGoal
{
    HigherIsBetter,
    LowerIsBetter,
}

public sealed record MetricDefinition(string Name, MetricGoal Goal)
{
    /// <summary>
    /// Relative change of an attacked value against the clean one, signed so that negative means degraded:
    /// (v - b) / b when higher is better, (b - v) / b when lower is better.
    /// </summary>
    public double RelativeChange(double clean, double attacked)
    {
        if (clean == 0) return attacked == clean ? 0 : double.NaN;
        return Goal == MetricGoal.HigherIsBetter ? (attacked - clean) / clean : (clean - attacked) / clean;
    }
}
