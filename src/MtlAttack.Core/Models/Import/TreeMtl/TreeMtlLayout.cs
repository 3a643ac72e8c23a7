using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>
/// A layout as TreeMTL holds it (<c>main.layout.Layout.state</c>): for every block, its task sets in TreeMTL's list
/// order, which is the order its model instantiates the block copies in (<c>backbone.mtl_blocks.{k}</c>) and differs
/// from our canonical group order. Task sets are listed ascending.
/// </summary>
public sealed class TreeMtlLayout
{
    public TreeMtlLayout(int taskCount, IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        TaskCount = taskCount;
        Blocks = blocks;
        Layout = ToLayout(taskCount, blocks);
    }

    public int TaskCount { get; }

    /// <summary>Blocks[b] lists block b's task sets in TreeMTL's order.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>> Blocks { get; }

    public int BlockCount => Blocks.Count;

    /// <summary>The same sharing in our terms.</summary>
    public Layout Layout { get; }

    /// <summary>TreeMTL's printed form (<c>[[{0, 1}, {2}], ...]</c> as Python prints it), for messages.</summary>
    public override string ToString() => Format(Blocks);

    private static string Format(IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>> blocks) =>
        "[" + string.Join(", ", blocks.Select(sets => "[" + string.Join(", ", sets.Select(set => "{" + string.Join(", ", set) + "}")) + "]")) + "]";

    private static Layout ToLayout(int taskCount, IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>> blocks)
    {
        if (taskCount < 1) throw new ArgumentException($"A TreeMTL layout has {taskCount} tasks; it needs at least one.");
        if (blocks.Count == 0) throw new ArgumentException("A TreeMTL layout has no blocks.");
        var labels = new List<int[]>();
        for (int b = 0; b < blocks.Count; b++)
        {
            var label = Enumerable.Repeat(-1, taskCount).ToArray();
            for (int g = 0; g < blocks[b].Count; g++)
                foreach (int task in blocks[b][g])
                {
                    if (task < 0 || task >= taskCount)
                        throw new ArgumentException($"Block {b} of TreeMTL layout {Format(blocks)} names task {task}; its tasks are 0..{taskCount - 1}.");
                    if (label[task] >= 0)
                        throw new ArgumentException($"Block {b} of TreeMTL layout {Format(blocks)} puts task {task} in two sets.");
                    label[task] = g;
                }
            int missing = Array.IndexOf(label, -1);
            if (missing >= 0) throw new ArgumentException($"Block {b} of TreeMTL layout {Format(blocks)} leaves task {missing} out.");
            labels.Add(label);
        }
        return Layout.FromGroupLabels(labels);
    }
}
