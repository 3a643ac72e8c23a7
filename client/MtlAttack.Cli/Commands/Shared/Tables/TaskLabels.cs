using MtlAttack.Core.Tasks;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>Short task names for progress lines, where the canonical names would not fit on one line.</summary>
public static class TaskLabels
{
    public static string Short(string task) => task switch
    {
        TaskNames.SegmentSemantic => "seg",
        TaskNames.Normal => "normal",
        TaskNames.Depth => "depth",
        TaskNames.Keypoints => "keypoints",
        TaskNames.Edges => "edges",
        _ => task,
    };

    /// <summary>The headline (first) metric of a task, looked up by name; null for tasks this build does not know.</summary>
    public static MetricDefinition? Headline(string task) =>
        TaskNames.All.Contains(task) ? VisionTaskFactory.Create(task, segmentationClasses: 1).Metrics[0] : null;
}
