using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>
/// TreeMTL's numbering of layouts (<c>main.algorithms.enum_layout_wo_rdt</c> from <c>init_S</c>), by which
/// MTLAttack-DGBA picks a model (<c>--layout_idx</c>, the folder of its weights). Index 0 is fully shared; then, depth
/// first, every layout one more cut away, where a cut splits one task set of one block, and of every later block,
/// in two, at or after the block of the previous cut; a task set's cuts come in the order of
/// <c>itertools.product([True, False])</c> over its tasks (ascending), with the first task never moving; a layout met
/// again is skipped. The order also fixes each block's list of task sets (cut sets removed, their halves appended),
/// which is the order TreeMTL builds block copies in.
/// </summary>
public static class TreeMtlLayoutOrder
{
    /// <summary>The most layouts enumerated (TreeMTL's search is depth-first over cuts: this bounds its time and memory).</summary>
    public const int MaxLayouts = 200_000;

    /// <summary>Every layout of <paramref name="tasks"/> tasks over <paramref name="blocks"/> blocks, in TreeMTL's order.</summary>
    public static IReadOnlyList<TreeMtlLayout> Enumerate(int tasks, int blocks)
    {
        if (tasks is < 1 or > LayoutLimits.MaxTasks) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, $"Layouts have 1..{LayoutLimits.MaxTasks} tasks.");
        if (blocks is < 1 or > LayoutLimits.MaxBlocks) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, $"Layouts have 1..{LayoutLimits.MaxBlocks} blocks.");
        long count = Layouts.Count(tasks, blocks);
        if (count > MaxLayouts)
            throw new ArgumentException($"{tasks} tasks over {blocks} blocks have {count} layouts; TreeMTL's numbering is enumerated for at most {MaxLayouts}.");

        var start = Enumerable.Range(0, blocks).Select(_ => new List<int[]> { Enumerable.Range(0, tasks).ToArray() }).ToList();
        var found = new List<TreeMtlLayout> { Freeze(tasks, start) };
        var seen = new HashSet<Layout> { found[0].Layout };
        Visit(start, cuts: 0, lowest: 0);
        return found;

        void Visit(List<List<int[]>> state, int cuts, int lowest)
        {
            if (cuts >= tasks - 1) return;
            for (int block = lowest; block < blocks; block++)
                foreach (var taskSet in state[block])
                {
                    if (taskSet.Length == 1) continue;
                    foreach (var (moved, kept) in TwoWaySplits(taskSet))
                    {
                        var cut = state.Select(sets => sets.ToList()).ToList();
                        for (int later = block; later < blocks; later++)
                        {
                            // Blocks from the last cut on hold the same sets, so the set is there to split.
                            int at = cut[later].FindIndex(set => set.AsSpan().SequenceEqual(taskSet));
                            cut[later].RemoveAt(at);
                            cut[later].Add(moved);
                            cut[later].Add(kept);
                        }
                        var layout = Freeze(tasks, cut);
                        if (!seen.Add(layout.Layout)) continue;
                        found.Add(layout);
                        Visit(cut, cuts + 1, block);
                    }
                }
        }
    }

    /// <summary>TreeMTL's index of every layout of <paramref name="tasks"/> tasks over <paramref name="blocks"/> blocks, by layout.</summary>
    public static IReadOnlyDictionary<Layout, int> Indices(int tasks, int blocks) =>
        Enumerate(tasks, blocks).Select((layout, index) => (layout.Layout, index)).ToDictionary(p => p.Layout, p => p.index);

    /// <summary>TreeMTL's index of <paramref name="layout"/> among the layouts of its task and block counts.</summary>
    public static int IndexOf(Layout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Indices(layout.TaskCount, layout.BlockCount)[layout];
    }

    // itertools.product([True, False], repeat=n) in order, keeping the patterns whose first entry is False and which are
    // not all False: the tasks marked True move to the first half.
    private static IEnumerable<(int[] Moved, int[] Kept)> TwoWaySplits(int[] tasks)
    {
        int n = tasks.Length;
        for (int pattern = 0; pattern < 1 << n; pattern++)
        {
            bool Marked(int position) => ((pattern >> (n - 1 - position)) & 1) == 0;
            if (Marked(0) || Enumerable.Range(0, n).All(p => !Marked(p))) continue;
            yield return (tasks.Where((_, p) => Marked(p)).ToArray(), tasks.Where((_, p) => !Marked(p)).ToArray());
        }
    }

    private static TreeMtlLayout Freeze(int tasks, List<List<int[]>> state) =>
        new(tasks, state.Select(sets => (IReadOnlyList<IReadOnlyList<int>>)sets.Select(set => (IReadOnlyList<int>)set.ToArray()).ToList()).ToList());
}
