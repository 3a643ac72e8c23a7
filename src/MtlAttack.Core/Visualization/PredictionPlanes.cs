using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// A head's output in the form its target has, so <see cref="TaskTiles"/> draws predictions and ground truth
/// alike: class indices for segmentation (argmax), unit vectors for normals, the raw map otherwise, all resized to
/// the image (bilinear, as the losses resize).
/// </summary>
public static class PredictionPlanes
{
    /// <param name="prediction">[C,h,w] output of one task's head for one image.</param>
    public static Planes From(string task, Tensor prediction, long height, long width)
    {
        using var scope = NewDisposeScope();
        var resized = PredictionResizer.ToSize(prediction.detach().unsqueeze(0).to_type(ScalarType.Float32), height, width)[0];
        var planes = task switch
        {
            TaskNames.SegmentSemantic => resized.argmax(0, keepdim: true).to_type(ScalarType.Float32),
            TaskNames.Normal => nn.functional.normalize(resized, p: 2, dim: 0),
            _ => resized,
        };
        return Planes.FromTensor(planes);
    }
}
