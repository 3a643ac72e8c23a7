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
}
