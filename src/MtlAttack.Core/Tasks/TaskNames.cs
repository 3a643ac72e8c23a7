namespace MtlAttack.Core.Tasks;

public static class TaskNames
{
    public const string SegmentSemantic = "segment_semantic";
    public const string Normal = "normal";
    public const string Depth = "depth_zbuffer";
    public const string Keypoints = "keypoints2d";
    public const string Edges = "edge_texture";

    /// <summary>The three NYUv2 tasks of the reference study, in its order.</summary>
    public static readonly IReadOnlyList<string> NyuV2 = [SegmentSemantic, Normal, Depth];

    /// <summary>The five Taskonomy tasks, in the reference order.</summary>
    public static readonly IReadOnlyList<string> Taskonomy = [SegmentSemantic, Normal, Depth, Keypoints, Edges];

    public static readonly IReadOnlyList<string> All = Taskonomy;

    /// <summary>Whether the task of this name predicts a class per pixel (the built-in classification task is segmentation).</summary>
    public static bool PredictsClasses(string task) => task == SegmentSemantic;

    /// <summary>Segmentation label that is never scored.</summary>
    public const int IgnoreLabel = 255;
}
