using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets;

/// <summary>Task names as users write them in dataset specs (canonical names or the reference code's short names).</summary>
public static class DatasetSpecTasks
{
    private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [TaskNames.SegmentSemantic] = TaskNames.SegmentSemantic,
        ["seg"] = TaskNames.SegmentSemantic,
        ["segmentation"] = TaskNames.SegmentSemantic,
        [TaskNames.Normal] = TaskNames.Normal,
        ["sn"] = TaskNames.Normal,
        ["normals"] = TaskNames.Normal,
        [TaskNames.Depth] = TaskNames.Depth,
        ["depth"] = TaskNames.Depth,
        [TaskNames.Keypoints] = TaskNames.Keypoints,
        ["keypoint"] = TaskNames.Keypoints,
        ["keypoints"] = TaskNames.Keypoints,
        [TaskNames.Edges] = TaskNames.Edges,
        ["edge"] = TaskNames.Edges,
        ["edges"] = TaskNames.Edges,
    };

    /// <summary>The canonical task name for <paramref name="name"/> (e.g. <c>sn</c> gives <c>normal</c>).</summary>
    public static string Canonical(string name) =>
        Aliases.TryGetValue(name.Trim(), out var canonical)
            ? canonical
            : throw new ArgumentException($"Unknown task '{name}'; known tasks are {string.Join(", ", TaskNames.All)} (or seg, sn, depth, keypoint, edge).");

    /// <summary>
    /// The tasks a reader loads: all of <paramref name="available"/>, or the requested ones (in the dataset's order),
    /// refusing any the dataset does not have.
    /// </summary>
    public static IReadOnlyList<string> Select(IReadOnlyList<string> available, IReadOnlyList<string>? requested, string datasetKind)
    {
        if (requested is null || requested.Count == 0) return available;
        var wanted = requested.Select(Canonical).ToHashSet();
        var missing = wanted.Where(t => !available.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"The {datasetKind} dataset has no {string.Join(", ", missing)} targets; it provides {string.Join(", ", available)}.");
        return available.Where(wanted.Contains).ToArray();
    }
}
