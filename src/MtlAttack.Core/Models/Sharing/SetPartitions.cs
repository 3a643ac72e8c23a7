namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// Set partitions written as restricted growth strings (RGS): label[i] is the group of element i, groups numbered
/// in order of their smallest element, so every partition has exactly one RGS. Lexicographic RGS order is the
/// order layouts are enumerated in: it starts with "everything together" and ends with "everything apart".
/// </summary>
internal static class SetPartitions
{
    /// <summary>Relabels groups in order of first appearance, which makes any labelling the partition's RGS.</summary>
    public static int[] Canonical(IReadOnlyList<int> labels)
    {
        var renumber = new Dictionary<int, int>();
        var result = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (!renumber.TryGetValue(labels[i], out int group))
            {
                group = renumber.Count;
                renumber.Add(labels[i], group);
            }
            result[i] = group;
        }
        return result;
    }

    /// <summary>Every partition that refines <paramref name="parent"/> (parent included), in lexicographic RGS order.</summary>
    public static List<int[]> Refinements(IReadOnlyList<int> parent)
    {
        var groups = Groups(parent);
        var results = new List<int[]>();
        var labels = new int[parent.Count];
        // Each parent group is split independently; new labels are made unique by offsetting with the group index,
        // then canonicalised, so the final order is fixed by sorting rather than by generation order.
        void Split(int groupIndex)
        {
            if (groupIndex == groups.Count)
            {
                results.Add(Canonical(labels));
                return;
            }
            var members = groups[groupIndex];
            foreach (var local in AllOfSize(members.Length))
            {
                for (int k = 0; k < members.Length; k++) labels[members[k]] = groupIndex * parent.Count + local[k];
                Split(groupIndex + 1);
            }
        }
        Split(0);
        results.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return results;
    }

    /// <summary>The groups of a labelling, each sorted, ordered by smallest member.</summary>
    // GroupBy keeps the order in which groups first appear, which the canonical labels number them by.
    public static List<int[]> Groups(IReadOnlyList<int> labels) =>
        Canonical(labels).Select((group, element) => (group, element)).GroupBy(p => p.group, p => p.element).Select(g => g.ToArray()).ToList();

    /// <summary>RGS of every partition of n elements, generated in lexicographic order.</summary>
    private static IEnumerable<int[]> AllOfSize(int n)
    {
        var rgs = new int[n];
        IEnumerable<int[]> Extend(int position, int maxSoFar)
        {
            if (position == n)
            {
                yield return (int[])rgs.Clone();
                yield break;
            }
            for (int label = 0; label <= maxSoFar + 1; label++)
            {
                rgs[position] = label;
                foreach (var r in Extend(position + 1, Math.Max(maxSoFar, label))) yield return r;
            }
        }
        // The first element always opens group 0.
        return n == 0 ? [Array.Empty<int>()] : Extend(1, 0);
    }
}
