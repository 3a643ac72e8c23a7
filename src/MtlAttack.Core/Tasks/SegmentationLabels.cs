using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>Class labels of a segmentation target, read once for both the loss and the confusion matrix.</summary>
internal sealed class SegmentationLabels
{
    private SegmentationLabels(Tensor indices, Tensor valid)
    {
        Indices = indices;
        Valid = valid;
    }

    /// <summary>[N,1,H,W] int64 class index; 0 where the pixel is not scored, so it can index safely.</summary>
    public Tensor Indices { get; }

    /// <summary>[N,1,H,W] bool: mask set and label not <see cref="TaskNames.IgnoreLabel"/>.</summary>
    public Tensor Valid { get; }

    /// <summary>
    /// Reads labels, refusing any scored label outside 0..classCount-1 or not an integer. An out-of-range
    /// index would otherwise crash a CUDA kernel (device assert) or be silently dropped by bincount.
    /// </summary>
    public static SegmentationLabels Read(string taskName, int classCount, Tensor target, Tensor mask)
    {
        // Explicit, disposed Scalars: TorchSharp leaves implicit ones to the finaliser, which can race libtorch (dotnet/TorchSharp#1434).
        using var ignore = TaskNames.IgnoreLabel.ToScalar();
        using var zero = 0.ToScalar();
        using var classes = classCount.ToScalar();
        var labels = target.to_type(ScalarType.Float64);
        var valid = ValidPixels.FromMask(mask).logical_and(labels.ne(ignore));
        var malformed = valid.logical_and(labels.lt(zero).logical_or(labels.ge(classes)).logical_or(labels.ne(labels.floor())));
        if (malformed.any().item<bool>())
        {
            double example = labels.masked_select(malformed)[0].item<double>();
            throw new ArgumentException(
                $"{taskName}: target holds label {example}; labels must be integers 0..{classCount - 1}, or {TaskNames.IgnoreLabel} for pixels not scored.",
                nameof(target));
        }
        var indices = labels.masked_fill(valid.logical_not(), zero).to_type(ScalarType.Int64);
        return new SegmentationLabels(indices, valid);
    }
}
