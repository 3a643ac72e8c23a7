namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// Which of the reference's two scoring conventions applies. The reference picks by its task list (three tasks: NYUv2's
/// metrics; five: Taskonomy's); here a task list with a Taskonomy-only task (keypoints2d, edge_texture) is scored the
/// Taskonomy way and every other list the NYUv2 way.
/// </summary>
public enum ReferenceConvention
{
    NyuV2,
    Taskonomy,
}

public static class ReferenceConventions
{
    public static ReferenceConvention For(IEnumerable<string> taskNames) =>
        taskNames.Any(t => t is TaskNames.Keypoints or TaskNames.Edges) ? ReferenceConvention.Taskonomy : ReferenceConvention.NyuV2;
}
