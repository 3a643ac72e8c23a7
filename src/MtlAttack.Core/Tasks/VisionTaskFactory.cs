namespace MtlAttack.Core.Tasks;

/// <summary>Builds the built-in tasks by their canonical names (<see cref="TaskNames"/>).</summary>
public static class VisionTaskFactory
{
    /// <summary>The <see cref="VisionTask.HeadlineMetric"/> of the built-in task called <paramref name="name"/>; null for a task this build does not know.</summary>
    public static MetricDefinition? HeadlineMetric(string name) =>
        TaskNames.All.Contains(name) ? Create(name, segmentationClasses: 1).HeadlineMetric : null;

    /// <summary>
    /// The task called <paramref name="name"/>. <paramref name="segmentationClasses"/> is required for
    /// <c>segment_semantic</c>, and <paramref name="classWeights"/> optional for it; other tasks ignore both, so
    /// one dataset configuration can build all its tasks in a loop.
    /// </summary>
    public static VisionTask Create(string name, int? segmentationClasses = null, float[]? classWeights = null) => name switch
    {
        TaskNames.SegmentSemantic => new SemanticSegmentationTask(
            segmentationClasses ?? throw new ArgumentException($"{TaskNames.SegmentSemantic} needs the number of segmentation classes.", nameof(segmentationClasses)),
            classWeights),
        TaskNames.Normal => new SurfaceNormalTask(),
        TaskNames.Depth => new DepthTask(),
        TaskNames.Keypoints => MaskedL1Task.Keypoints(),
        TaskNames.Edges => MaskedL1Task.EdgeTexture(),
        _ => throw new ArgumentException($"Unknown task '{name}'; known tasks are {string.Join(", ", TaskNames.All)}.", nameof(name)),
    };
}
