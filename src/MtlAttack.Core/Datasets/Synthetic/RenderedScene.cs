using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>One rendered scene in plain arrays, channel-major ([C,H,W] flattened), before it becomes tensors.</summary>
internal sealed class RenderedScene(int size)
{
    public int Size { get; } = size;

    /// <summary>[3,H,W], channels B, G, R, values 0..255.</summary>
    public float[] Image { get; } = new float[3 * size * size];

    /// <summary>[1,H,W] class index of <see cref="SceneClass"/>.</summary>
    public float[] Segmentation { get; } = new float[size * size];

    /// <summary>[1,H,W] camera-frame z of the hit point.</summary>
    public float[] Depth { get; } = new float[size * size];

    /// <summary>[3,H,W] camera-frame unit normal (x right, y up, z forward), facing the camera.</summary>
    public float[] Normals { get; } = new float[3 * size * size];

    /// <summary>[1,H,W] 1 on occlusion, crease and texture edges, else 0.</summary>
    public float[] Edges { get; } = new float[size * size];

    /// <summary>[1,H,W] heat map of visible keypoints in [0, 1].</summary>
    public float[] Keypoints { get; } = new float[size * size];

    /// <summary>Image coordinates (u right, v down, in pixels) of the keypoints drawn into <see cref="Keypoints"/>.</summary>
    public List<(double U, double V)> VisibleKeypoints { get; } = [];

    /// <summary>Tensors for the requested tasks; every pixel is valid, so every mask is all ones.</summary>
    public MultiTaskSample ToSample(IReadOnlyList<string> tasks)
    {
        long[] single = [1, Size, Size], triple = [3, Size, Size];
        var targets = new Dictionary<string, torch.Tensor>();
        var masks = new Dictionary<string, torch.Tensor>();
        foreach (var task in tasks)
        {
            targets[task] = task switch
            {
                TaskNames.SegmentSemantic => torch.tensor(Segmentation, single),
                TaskNames.Depth => torch.tensor(Depth, single),
                TaskNames.Normal => torch.tensor(Normals, triple),
                TaskNames.Edges => torch.tensor(Edges, single),
                TaskNames.Keypoints => torch.tensor(Keypoints, single),
                _ => throw new ArgumentException($"The synthetic scenes have no target for task '{task}'; they provide {string.Join(", ", TaskNames.All)}."),
            };
            masks[task] = torch.ones(single, dtype: torch.float32);
        }
        return new MultiTaskSample(torch.tensor(Image, triple), targets, masks);
    }
}
