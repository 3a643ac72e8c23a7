namespace MtlAttack.Api.Contracts;

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

/// <summary>The formats of <c>GET /v1/reports/compare?format=</c>: the JSON <see cref="ComparisonReport"/> or a page with charts.</summary>
public static class ComparisonFormats
{
    public const string Json = "json";
    /// <summary>A self-contained page (inline CSS and SVG charts, no scripts or fetches): average drop vs epsilon per evaluation x objective, and the table.</summary>
    public const string Html = "html";

    public static readonly IReadOnlyList<string> All = [Json, Html];
}
