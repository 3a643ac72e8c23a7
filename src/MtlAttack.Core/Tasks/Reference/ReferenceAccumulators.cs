namespace MtlAttack.Core.Tasks.Reference;

/// <summary>The reference's metric accumulator for a task, by task and convention.</summary>
internal static class ReferenceAccumulators
{
    public static MetricAccumulator Create(ReferenceTask task) => (task.Name, task.Convention) switch
    {
        (TaskNames.SegmentSemantic, ReferenceConvention.NyuV2) => new ReferenceSegmentationAccumulator(task),
        (TaskNames.SegmentSemantic, ReferenceConvention.Taskonomy) => new ReferenceSegmentationErrorAccumulator(task),
        (TaskNames.Normal, ReferenceConvention.NyuV2) => new ReferenceNormalAngleAccumulator(task),
        (TaskNames.Normal, ReferenceConvention.Taskonomy) => new ReferenceCosineAccumulator(task),
        (TaskNames.Depth, _) => new ReferenceDepthAccumulator(task),
        (TaskNames.Keypoints or TaskNames.Edges, _) => new ReferenceAbsErrorAccumulator(task),
        _ => throw new ArgumentException($"The reference protocol has no metrics for task '{task.Name}'."),
    };
}
