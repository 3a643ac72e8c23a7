using System.Globalization;

namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// Enumerates every layout of T tasks and B blocks exactly once, in a stable order that gives each layout an index.
/// <para>
/// Order: layouts are compared block by block, and within a block by the block's partition written as a restricted
/// growth string (task i's group number, groups numbered by smallest task) in lexicographic order. Index 0 is
/// therefore fully shared and the last index fully independent. The order depends only on T and B, never on
/// anything else, so an index names the same layout in every release.
/// </para>
/// </summary>
public static class Layouts
{
    /// <summary>Every layout, lazily, in index order.</summary>
    public static IEnumerable<Layout> Enumerate(int tasks, int blocks)
    {
        CheckDimensions(tasks, blocks);
        var chain = new int[blocks][];
        return Extend(new int[tasks], 0);

        IEnumerable<Layout> Extend(int[] parent, int block)
        {
            foreach (var partition in SetPartitions.Refinements(parent))
            {
                chain[block] = partition;
                if (block == blocks - 1)
                {
                    yield return Layout.FromCanonical(chain.Select(p => (int[])p.Clone()).ToArray());
                    continue;
                }
                foreach (var layout in Extend(partition, block + 1)) yield return layout;
            }
        }
    }

    /// <summary>Number of layouts of <paramref name="tasks"/> tasks and <paramref name="blocks"/> blocks.</summary>
    public static long Count(int tasks, int blocks)
    {
        CheckDimensions(tasks, blocks);
        try
        {
            return new LayoutCounting().Continuations(new int[tasks], blocks);
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"The number of layouts of {tasks} tasks and {blocks} blocks does not fit in 64 bits.");
        }
    }

    /// <summary>The layout at <paramref name="index"/> of <see cref="Enumerate"/>, found without enumerating.</summary>
    public static Layout At(int tasks, int blocks, long index)
    {
        long count = Count(tasks, blocks);
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {count} layouts of {tasks} tasks and {blocks} blocks: indices 0..{count - 1}.");
        var counting = new LayoutCounting();
        var chain = new int[blocks][];
        var parent = new int[tasks];
        for (int b = 0; b < blocks; b++)
        {
            foreach (var candidate in SetPartitions.Refinements(parent))
            {
                long below = counting.Continuations(candidate, blocks - b - 1);
                if (index < below)
                {
                    chain[b] = candidate;
                    break;
                }
                index -= below;
            }
            parent = chain[b];
        }
        return Layout.FromCanonical(chain);
    }

    /// <summary>The index of <paramref name="layout"/> in <see cref="Enumerate"/> for its task and block counts.</summary>
    public static long IndexOf(Layout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        CheckDimensions(layout.TaskCount, layout.BlockCount);
        var counting = new LayoutCounting();
        long index = 0;
        var parent = new int[layout.TaskCount];
        for (int b = 0; b < layout.BlockCount; b++)
        {
            var target = layout.GroupLabels(b);
            foreach (var candidate in SetPartitions.Refinements(parent))
            {
                if (candidate.AsSpan().SequenceEqual(target)) break;
                index += counting.Continuations(candidate, layout.BlockCount - b - 1);
            }
            parent = target;
        }
        return index;
    }

    /// <summary>
    /// Resolves what a user typed: <c>shared</c>, <c>independent</c>, an index (<c>17</c> or <c>#17</c>) into
    /// <see cref="Enumerate"/>, or the text form. The result always has the given task and block counts.
    /// </summary>
    public static Layout Resolve(string nameOrText, int tasks, int blocks)
    {
        ArgumentNullException.ThrowIfNull(nameOrText);
        CheckDimensions(tasks, blocks);
        var trimmed = nameOrText.Trim();
        switch (trimmed.ToLowerInvariant())
        {
            case "shared" or "fully-shared" or "all-shared":
                return Layout.FullyShared(tasks, blocks);
            case "independent" or "fully-independent" or "separate":
                return Layout.FullyIndependent(tasks, blocks);
        }
        var digits = trimmed.StartsWith('#') ? trimmed[1..] : trimmed;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            long count = Count(tasks, blocks);
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long index) || index >= count)
                throw new FormatException($"Layout index {digits} is out of range: {tasks} tasks and {blocks} blocks have {count} layouts, indices 0..{count - 1}.");
            return At(tasks, blocks, index);
        }
        var layout = Layout.Parse(trimmed);
        if (layout.TaskCount != tasks || layout.BlockCount != blocks)
            throw new FormatException($"Layout '{layout}' has {layout.TaskCount} tasks and {layout.BlockCount} blocks, but this model needs {tasks} tasks and {blocks} blocks.");
        return layout;
    }

    private static void CheckDimensions(int tasks, int blocks)
    {
        if (tasks < 1 || tasks > LayoutLimits.MaxTasks)
            throw new ArgumentOutOfRangeException(nameof(tasks), tasks, $"Layouts support 1..{LayoutLimits.MaxTasks} tasks.");
        if (blocks < 1 || blocks > LayoutLimits.MaxBlocks)
            throw new ArgumentOutOfRangeException(nameof(blocks), blocks, $"Layouts support 1..{LayoutLimits.MaxBlocks} blocks.");
    }
}
