namespace MtlAttack.Core.Reporting;

/// <summary>One attack cell of a compared evaluation. Drops are fractions (0.25 = 25% worse).</summary>
public sealed record ComparedCell(string Algorithm, string Objective, double Epsilon, double AvgRelativeDrop, IReadOnlyDictionary<string, double> TaskRelativeDrop);

/// <summary>A completed evaluation as a comparison shows it: its id, its model and its cells in report order.</summary>
public sealed record ComparedEvaluation(string Id, string Model, IReadOnlyList<ComparedCell> Cells);
