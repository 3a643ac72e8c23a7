using System.Globalization;

namespace MtlAttack.Core.Evaluation;

/// <summary>One cell of an evaluation: algorithm x objective x epsilon. The clean baseline is not a cell.</summary>
public sealed record EvaluationCell(string Algorithm, string Objective, double Epsilon)
{
    /// <summary>Stable key, used for resume files and per-cell seeds.</summary>
    public string Key => $"{Algorithm}|{Objective}|{Epsilon.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>File-name form, e.g. <c>pgd-dgba-eps4</c>.</summary>
    public string FileStem => $"{Algorithm}-{Objective.Replace('(', '_').Replace(")", "").Replace(',', '_').Replace(';', '_').Replace('=', '_')}-eps{Epsilon.ToString("G", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The attacked task when the objective is exactly <c>single(task)</c>, else null: a shaped or targeted single-task
    /// objective (<c>single(depth)+target(...)</c>) is not a plain single-task cell.
    /// </summary>
    public string? SingleTask =>
        Objective.StartsWith("single(", StringComparison.Ordinal) && Objective.EndsWith(')') && !Objective[7..^1].Contains(')')
            ? Objective[7..^1]
            : null;

    /// <summary>A deterministic seed for one batch of this cell (string.GetHashCode is randomised per process).</summary>
    public long SeedFor(int baseSeed, int batchIndex)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in Key) { hash ^= c; hash *= 1099511628211UL; }
        hash ^= (ulong)(uint)baseSeed; hash *= 1099511628211UL;
        hash ^= (ulong)(uint)batchIndex; hash *= 1099511628211UL;
        return (long)(hash & long.MaxValue);
    }

    public override string ToString() => $"{Algorithm} x {Objective} @ eps {Epsilon:G}";
}
