namespace MtlAttack.Client.Contracts;

/// <summary>
/// <c>GET /v1/reports/compare?ids=a,b</c>: average relative drop per evaluation x algorithm x objective x epsilon,
/// with each task's relative drop, for completed evaluations in the order asked.
/// </summary>
public sealed record ComparisonReport(IReadOnlyList<string> Evaluations, IReadOnlyList<ComparisonRow> Rows);

/// <summary>One cell of one evaluation. Drops are fractions (0.25 = the task's metrics got 25% worse on average).</summary>
public sealed record ComparisonRow(
    string Evaluation,
    string ModelId,
    string Algorithm,
    string Objective,
    double Epsilon,
    double AvgRelativeDrop,
    IReadOnlyDictionary<string, double> TaskRelativeDrop);
