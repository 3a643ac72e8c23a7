namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The columns sifting hands to the inner LP solver. The restricted LP numbers its variables: W's columns in the
/// order they joined, then the aggregate of the fixed columns, then the row slacks. Columns are only ever appended,
/// so a column keeps its number for good, and a dual simplex basis carries from one round to the next by
/// renumbering only the aggregate and the slacks.
/// </summary>
internal sealed class WorkingSet(int totalColumns)
{
    private readonly List<int> columns = [];
    private readonly int[] position = Enumerable.Repeat(-1, totalColumns).ToArray(); // -1: not in W

    public int Count => columns.Count;
    public IReadOnlyList<int> Columns => columns;
    public int this[int k] => columns[k];
    public bool Contains(int column) => position[column] >= 0;

    public void Add(int column)
    {
        if (position[column] >= 0) return;
        position[column] = columns.Count;
        columns.Add(column);
    }

    /// <summary>
    /// Adds about <paramref name="count"/> of the free columns outside W with the smallest |reduced cost|. The cut-off
    /// is the matching quantile of an evenly spaced sample of them: one pass over the columns instead of a selection
    /// over a copy, and the count need not be exact.
    /// </summary>
    public void AddNearestTies(double[] reduced, bool[] pinned, int count)
    {
        int outside = 0;
        for (int i = 0; i < totalColumns; i++) if (!pinned[i] && position[i] < 0) outside++;
        if (outside <= count)
        {
            for (int i = 0; i < totalColumns; i++) if (!pinned[i]) Add(i);
            return;
        }
        int sampleSize = Math.Min(outside, 4096), stride = Math.Max(1, totalColumns / sampleSize);
        var sample = new List<double>(sampleSize + 1);
        for (int i = stride / 2; i < totalColumns; i += stride)
            if (!pinned[i] && position[i] < 0) sample.Add(Math.Abs(reduced[i]));
        sample.Sort();
        double share = (double)count / outside;
        double threshold = sample.Count == 0 ? double.PositiveInfinity : sample[Math.Min(sample.Count - 1, (int)(share * sample.Count))];
        for (int i = 0; i < totalColumns; i++)
            if (!pinned[i] && position[i] < 0 && Math.Abs(reduced[i]) <= threshold) Add(i);
    }

    /// <summary>
    /// A basis of the whole LP (columns numbered 0..totalColumns-1, slacks after) in the restricted LP's numbering,
    /// its basic columns added to W first if missing.
    /// </summary>
    public DualSimplex.Basis Adopt(DualSimplex.Basis basis)
    {
        foreach (int v in basis.Variables) if (v < totalColumns) Add(v);
        return new DualSimplex.Basis(
            basis.Variables.Select(v => v < totalColumns ? position[v] : Count + 1 + (v - totalColumns)).ToArray(),
            basis.SlackAtUpper);
    }

    /// <summary>A basis of the restricted LP when W had <paramref name="previousCount"/> columns, renumbered for W now.</summary>
    public DualSimplex.Basis Relabel(DualSimplex.Basis basis, int previousCount) =>
        new(basis.Variables.Select(v => v < previousCount ? v : Count + (v - previousCount)).ToArray(), basis.SlackAtUpper);
}
