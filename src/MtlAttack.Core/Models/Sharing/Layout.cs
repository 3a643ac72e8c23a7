namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// A tree-structured sharing pattern: for every backbone block, a partition of the tasks into groups; the tasks of a
/// group share one copy of that block. Each block's partition refines the one before it, so tasks that have branched
/// never merge again. The first block may already be split.
/// <para>
/// Text form (see <see cref="Parse"/>): blocks separated by <c>|</c>, each block a list of groups in braces holding
/// 0-based task indices, e.g. <c>{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}</c>. Printing is canonical: groups
/// ordered by their smallest task, tasks ascending, no spaces.
/// </para>
/// </summary>
public sealed record Layout
{
    // labels[block][task] = group index of the task in that block, canonical (groups numbered by smallest task).
    private readonly int[][] labels;
    private readonly IReadOnlyList<IReadOnlyList<int>>[] groups;

    private Layout(int[][] canonicalLabels)
    {
        labels = canonicalLabels;
        groups = labels.Select(l => (IReadOnlyList<IReadOnlyList<int>>)SetPartitions.Groups(l).Select(g => (IReadOnlyList<int>)g).ToList()).ToArray();
    }

    public int TaskCount => labels[0].Length;

    public int BlockCount => labels.Length;

    /// <summary>The groups of a block, ordered by their smallest task; each group lists its tasks ascending.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Groups(int block) => groups[CheckBlock(block)];

    public int GroupCount(int block) => groups[CheckBlock(block)].Count;

    /// <summary>Index, within <paramref name="block"/>, of the group that holds <paramref name="task"/>.</summary>
    public int GroupOf(int block, int task) => labels[CheckBlock(block)][CheckTask(task)];

    /// <summary>The group of block <c>block - 1</c> that feeds group <paramref name="group"/> of <paramref name="block"/> (block >= 1).</summary>
    public int ParentGroup(int block, int group)
    {
        if (block < 1 || block >= BlockCount) throw new ArgumentOutOfRangeException(nameof(block), block, $"A parent group exists for blocks 1..{BlockCount - 1}.");
        return labels[block - 1][Groups(block)[group][0]];
    }

    /// <summary>Whether the two tasks use the same copy of <paramref name="block"/>.</summary>
    public bool Shares(int block, int taskA, int taskB) => GroupOf(block, taskA) == GroupOf(block, taskB);

    /// <summary>The first block in which the two tasks use different copies, or <see cref="BlockCount"/> if they never do.</summary>
    public int BranchBlock(int taskA, int taskB)
    {
        for (int b = 0; b < BlockCount; b++)
            if (!Shares(b, taskA, taskB)) return b;
        return BlockCount;
    }

    public bool IsFullyShared => groups.All(g => g.Count == 1);

    public bool IsFullyIndependent => groups.All(g => g.Count == TaskCount);

    /// <summary>Total number of block copies the layout instantiates.</summary>
    public int BlockInstanceCount => groups.Sum(g => g.Count);

    /// <summary>The canonical group labels of one block (task -> group), a copy.</summary>
    public int[] GroupLabels(int block) => (int[])labels[CheckBlock(block)].Clone();

    public static Layout FullyShared(int tasks, int blocks) =>
        FromGroupLabels(Enumerable.Range(0, CheckDimensions(tasks, blocks)).Select(_ => new int[tasks]));

    public static Layout FullyIndependent(int tasks, int blocks) =>
        FromGroupLabels(Enumerable.Range(0, CheckDimensions(tasks, blocks)).Select(_ => Enumerable.Range(0, tasks).ToArray()));

    /// <summary>
    /// Builds a layout from per-block task -> group labels (any label values; only which tasks share a label matters).
    /// Throws <see cref="ArgumentException"/> when the blocks disagree on the task count or a block merges tasks
    /// that an earlier block separated.
    /// </summary>
    public static Layout FromGroupLabels(IEnumerable<IReadOnlyList<int>> blockLabels)
    {
        var canonical = blockLabels.Select(SetPartitions.Canonical).ToArray();
        var error = Validate(canonical);
        if (error != null) throw new ArgumentException(error, nameof(blockLabels));
        return new Layout(canonical);
    }

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the position and the problem.</summary>
    public static Layout Parse(string text) => LayoutText.Parse(text);

    public static bool TryParse(string text, out Layout? layout, out string? error)
    {
        try
        {
            layout = LayoutText.Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            layout = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The canonical text form, e.g. <c>{0,1,2}|{0,1}{2}|{0}{1}{2}</c>.</summary>
    public override string ToString() => LayoutText.Format(this);

    /// <summary>Null when the canonical labels describe a valid layout, otherwise why not.</summary>
    internal static string? Validate(int[][] canonical)
    {
        if (canonical.Length == 0) return "A layout needs at least one block.";
        int tasks = canonical[0].Length;
        if (tasks == 0) return "A layout needs at least one task.";
        for (int b = 1; b < canonical.Length; b++)
        {
            if (canonical[b].Length != tasks)
                return $"Block {b} has {canonical[b].Length} tasks but block 0 has {tasks}: every block must partition the same tasks.";
            for (int i = 0; i < tasks; i++)
                for (int j = i + 1; j < tasks; j++)
                    if (canonical[b][i] == canonical[b][j] && canonical[b - 1][i] != canonical[b - 1][j])
                        return $"Block {b} puts tasks {i} and {j} in one group although block {b - 1} separated them: branches never merge again.";
        }
        return null;
    }

    internal static Layout FromCanonical(int[][] canonical) => new(canonical);

    private static int CheckDimensions(int tasks, int blocks)
    {
        if (tasks < 1) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, "A layout needs at least one task.");
        if (blocks < 1) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "A layout needs at least one block.");
        return blocks;
    }

    private int CheckBlock(int block) =>
        block >= 0 && block < BlockCount ? block : throw new ArgumentOutOfRangeException(nameof(block), block, $"The layout has blocks 0..{BlockCount - 1}.");

    private int CheckTask(int task) =>
        task >= 0 && task < TaskCount ? task : throw new ArgumentOutOfRangeException(nameof(task), task, $"The layout has tasks 0..{TaskCount - 1}.");

    public bool Equals(Layout? other) =>
        other is not null && labels.Length == other.labels.Length && labels.Zip(other.labels).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var block in labels)
            foreach (var label in block) hash.Add(label);
        return hash.ToHashCode();
    }
}
