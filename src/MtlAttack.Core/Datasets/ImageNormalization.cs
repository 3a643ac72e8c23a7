namespace MtlAttack.Core.Datasets;

/// <summary>
/// How pixels reach the model: channel order and the per-channel mean subtracted from 0..255 values.
/// Attack budgets are in the same 0..255 units, so the valid input range of channel c is [-mean_c, 255 - mean_c].
/// </summary>
public sealed record ImageNormalization(string ChannelOrder, double[] Mean)
{
    /// <summary>The reference NYUv2 pipeline (AdaShare/TreeMTL): BGR, Caffe means.</summary>
    public static ImageNormalization NyuV2 { get; } = new("BGR", [104.00698793, 116.66876762, 122.67891434]);

    /// <summary>ImageNet means in 0..255, RGB, for models trained with torchvision-style inputs. (Taskonomy follows the NYUv2 pipeline: BGR, Caffe means.)</summary>
    public static ImageNormalization ImageNetRgb { get; } = new("RGB", [123.675, 116.28, 103.53]);

    public double PixelMin(int channel) => -Mean[channel];
    public double PixelMax(int channel) => 255.0 - Mean[channel];

    public bool Equals(ImageNormalization? other) =>
        other is not null && ChannelOrder == other.ChannelOrder && Mean.SequenceEqual(other.Mean);

    public override int GetHashCode() => HashCode.Combine(ChannelOrder, Mean.Length, Mean.Length > 0 ? Mean[0] : 0);
}
