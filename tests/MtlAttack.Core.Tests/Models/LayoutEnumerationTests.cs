using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Tests.Models;

public class LayoutEnumerationTests
{
    public static TheoryData<int, int> SmallDimensions()
    {
        var data = new TheoryData<int, int>();
        for (int t = 1; t <= 4; t++)
            for (int b = 1; b <= 3; b++) data.Add(t, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallDimensions))]
    public void EnumerationMatchesBruteForce(int tasks, int blocks)
    {
        var expected = BruteForceLayouts(tasks, blocks);
        var actual = Layouts.Enumerate(tasks, blocks).Select(Describe).ToList();

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), actual.OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(expected.Count, Layouts.Count(tasks, blocks));
    }

    [Theory]
    [MemberData(nameof(SmallDimensions))]
    public void OrderIsStableLexicographicAndRunsFromSharedToIndependent(int tasks, int blocks)
    {
        var first = Layouts.Enumerate(tasks, blocks).ToList();
        var second = Layouts.Enumerate(tasks, blocks).ToList();
        Assert.Equal(first, second);

        var keys = first.Select(RgsKey).ToList();
        for (int i = 1; i < keys.Count; i++)
            Assert.True(Compare(keys[i - 1], keys[i]) < 0, $"{first[i - 1]} should come before {first[i]}");
        Assert.Equal(Layout.FullyShared(tasks, blocks), first[0]);
        Assert.Equal(Layout.FullyIndependent(tasks, blocks), first[^1]);
    }

    [Theory]
    [MemberData(nameof(SmallDimensions))]
    public void IndexRoundTrips(int tasks, int blocks)
    {
        var all = Layouts.Enumerate(tasks, blocks).ToList();
        for (int i = 0; i < all.Count; i++)
        {
            Assert.Equal(all[i], Layouts.At(tasks, blocks, i));
            Assert.Equal(i, Layouts.IndexOf(all[i]));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Layouts.At(tasks, blocks, all.Count));
    }

    [Theory]
    [InlineData(1, 5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(2, 5, 6)]
    [InlineData(3, 1, 5)]
    [InlineData(3, 5, 51)]
    [InlineData(4, 1, 15)]
    public void KnownCounts(int tasks, int blocks, long count)
    {
        Assert.Equal(count, Layouts.Count(tasks, blocks));
        Assert.Equal(count, Layouts.Enumerate(tasks, blocks).LongCount());
    }

    [Fact]
    public void FiveTasksFiveBlocksCountMatchesEnumerationAndIndexingWorksWithoutEnumerating()
    {
        long count = Layouts.Count(5, 5);
        Assert.Equal(count, Layouts.Enumerate(5, 5).LongCount());
        var middle = Layouts.At(5, 5, count / 2);
        Assert.Equal(count / 2, Layouts.IndexOf(middle));
    }

    [Fact]
    public void ThreeTaskFiveBlockIndicesAreStable()
    {
        // Pinned: an index must name the same layout in every release.
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}", Layouts.At(3, 5, 0).ToString());
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1}{2}", Layouts.At(3, 5, 1).ToString());
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,2}{1}", Layouts.At(3, 5, 2).ToString());
        Assert.Equal("{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}", Layouts.At(3, 5, 50).ToString());
    }

    [Fact]
    public void DimensionsOutsideTheLimitsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Layouts.Count(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Layouts.Count(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Layouts.Enumerate(LayoutLimits.MaxTasks + 1, 2).First());
    }

    // Independent of the production code: a partition is a set of sets, written as sorted groups.
    private static List<string> BruteForceLayouts(int tasks, int blocks)
    {
        var partitions = new HashSet<string>();
        var partitionGroups = new Dictionary<string, List<HashSet<int>>>();
        int total = (int)Math.Pow(tasks, tasks);
        for (int code = 0; code < total; code++)
        {
            var labels = new int[tasks];
            for (int i = 0, c = code; i < tasks; i++, c /= tasks) labels[i] = c % tasks;
            var groups = labels.Select((label, task) => (label, task)).GroupBy(p => p.label)
                .Select(g => g.Select(p => p.task).ToHashSet()).OrderBy(g => g.Min()).ToList();
            var text = string.Concat(groups.Select(g => "{" + string.Join(",", g.Order()) + "}"));
            if (partitions.Add(text)) partitionGroups[text] = groups;
        }

        bool Refines(List<HashSet<int>> finer, List<HashSet<int>> coarser) =>
            finer.All(f => coarser.Any(c => f.IsSubsetOf(c)));

        var results = new List<string>();
        void Extend(List<string> chain)
        {
            if (chain.Count == blocks)
            {
                results.Add(string.Join("|", chain));
                return;
            }
            foreach (var p in partitions)
                if (chain.Count == 0 || Refines(partitionGroups[p], partitionGroups[chain[^1]]))
                    Extend([.. chain, p]);
        }
        Extend([]);
        return results;
    }

    private static string Describe(Layout layout) =>
        string.Join("|", Enumerable.Range(0, layout.BlockCount).Select(b =>
            string.Concat(layout.Groups(b).Select(g => "{" + string.Join(",", g) + "}"))));

    private static int[] RgsKey(Layout layout) =>
        Enumerable.Range(0, layout.BlockCount).SelectMany(b => Enumerable.Range(0, layout.TaskCount).Select(t => layout.GroupOf(b, t))).ToArray();

    private static int Compare(int[] a, int[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}
