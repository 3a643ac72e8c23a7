namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>
/// The <c>layout</c> entry of a TreeMTL checkpoint: a pickled <c>main.layout.Layout</c>, which the restricted
/// unpickler hands over as a record of plain attributes (nothing of TreeMTL runs). Only <c>T</c>, <c>B</c> and
/// <c>state</c> (per block, a list of sets of task indices) are read; the search bookkeeping beside them is ignored.
/// </summary>
internal static class TreeMtlPickledLayout
{
    public const string EntryName = "layout";

    /// <summary>The checkpoint's layout, or null when it has no <c>layout</c> entry (or it is None).</summary>
    public static TreeMtlLayout? Read(object? root, string path)
    {
        if (root is not PickleDict top || !top.TryGet(EntryName, out var value) || value is null) return null;
        string expected = $"{PickleGlobals.TreeMtlLayoutModule}.{PickleGlobals.TreeMtlLayoutClass}";
        if (value is not PickleRecord record || record.ClassName != expected)
            throw Malformed(path, $"its '{EntryName}' entry is {PickleText.Describe(value)}, not TreeMTL's {expected}");
        long tasks = Integer(record, "T", path);
        long blocks = Integer(record, "B", path);
        if (!record.Attributes.TryGet("state", out var state) || state is not List<object?> blockList)
            throw Malformed(path, $"its layout's state is {PickleText.Describe(state)}, not a list of blocks");
        if (tasks is < 1 or > Sharing.LayoutLimits.MaxTasks || blocks != blockList.Count)
            throw Malformed(path, $"its layout says T = {tasks} and B = {blocks} but its state lists {blockList.Count} blocks");

        var sets = new List<IReadOnlyList<IReadOnlyList<int>>>();
        foreach (var block in blockList)
        {
            if (block is not List<object?> taskSets)
                throw Malformed(path, $"block {sets.Count} of its layout is {PickleText.Describe(block)}, not a list of task sets");
            sets.Add(taskSets.Select(set => TaskSet(set, sets.Count, path)).ToList());
        }
        try
        {
            return new TreeMtlLayout((int)tasks, sets);
        }
        catch (ArgumentException e)
        {
            throw Malformed(path, e.Message.TrimEnd('.'));
        }
    }

    private static IReadOnlyList<int> TaskSet(object? value, int block, string path)
    {
        if (value is not PickleSet set || set.Items.Count == 0 || set.Items.Any(t => t is not long))
            throw Malformed(path, $"block {block} of its layout holds {PickleText.Describe(value)}, not a set of task indices");
        return set.Items.Select(t => (int)Math.Clamp((long)t!, -1, int.MaxValue)).Order().ToList();
    }

    private static long Integer(PickleRecord record, string name, string path) =>
        record.Attributes.TryGet(name, out var value) && value is long number
            ? number
            : throw Malformed(path, $"its layout's {name} is {PickleText.Describe(value)}, not an int");

    private static PyTorchFormatException Malformed(string path, string problem) =>
        new($"{path}: {problem}; is it a checkpoint TreeMTL's trainer saved?");
}
