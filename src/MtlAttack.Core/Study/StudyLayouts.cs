using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Study;

/// <summary>A layout a study trains: its index in <see cref="Layouts.Enumerate"/> order and its mean sharing degree.</summary>
public sealed record ChosenLayout(long Index, string Layout, double Sharing);

/// <summary>
/// Picks layouts that span the sharing degree <c>mtlattack layouts</c> prints (mean over task pairs of the fraction
/// of backbone parameters they share): fully shared (1) and fully independent (0) always, and between them the layout
/// nearest each evenly spaced degree, so the transfer answer sees the whole range rather than a cluster of near-equal
/// layouts. Ties go to the smaller index; the result is distinct and sorted from shared to independent.
/// </summary>
public static class StudyLayouts
{
    /// <summary>Above this many layouts the enumeration would take too long for a study to wait on.</summary>
    public const long MaxCandidates = 100_000;

    public static IReadOnlyList<ChosenLayout> Choose(int count, Backbone backbone, IReadOnlyList<int> outputChannels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(outputChannels);
        int tasks = outputChannels.Count;
        long available = Layouts.Count(tasks, backbone.BlockCount);
        if (tasks < 2) throw new ArgumentException("A study compares sharing between tasks; the dataset must have at least 2 tasks.");
        if (available > MaxCandidates)
            throw new ArgumentException($"{tasks} tasks over {backbone.BlockCount} blocks have {available} layouts, more than a study can search ({MaxCandidates}); study fewer tasks.");
        if (count < 2 || count > available)
            throw new ArgumentException($"Choose 2 to {available} layouts ({tasks} tasks over {backbone.BlockCount} blocks of {backbone.Name} have {available}); got {count}.");

        var candidates = Layouts.Enumerate(tasks, backbone.BlockCount)
            .Select((layout, index) => new ChosenLayout(index, layout.ToString(), LayoutMeasures.Compute(backbone, layout, outputChannels, height, width).MeanSharing))
            .ToList();
        // The ends first, so no target in between can take them.
        var targets = new List<double> { 1, 0 };
        for (int k = 1; k < count - 1; k++) targets.Add(1 - (double)k / (count - 1));

        var chosen = new List<ChosenLayout>();
        foreach (double target in targets)
        {
            var nearest = candidates.Where(c => !chosen.Contains(c))
                .OrderBy(c => Math.Abs(c.Sharing - target)).ThenBy(c => c.Index).First();
            chosen.Add(nearest);
        }
        return chosen.OrderByDescending(c => c.Sharing).ThenBy(c => c.Index).ToList();
    }
}
