namespace MtlAttack.Core.Tasks;

/// <summary>
/// Metric names as reports and CSV columns print them. Kept as constants so that evaluation and report
/// code refers to a metric without repeating its spelling.
/// </summary>
public static class MetricNames
{
    // segment_semantic
    public const string MeanIoU = "mIoU";
    public const string PixelAccuracy = "pixel_acc";

    // normal (angles in degrees, shares in percent as the NYUv2 literature reports them)
    public const string AngleMean = "angle_mean";
    public const string AngleMedian = "angle_median";
    public const string Within11_25 = "within_11.25";
    public const string Within22_5 = "within_22.5";
    public const string Within30 = "within_30";

    // depth_zbuffer (deltas are fractions in 0..1, as the NYUv2 literature reports them)
    public const string AbsErr = "abs_err";
    public const string RelErr = "rel_err";
    public const string Delta1 = "delta_1.25";
    public const string Delta2 = "delta_1.25^2";
    public const string Delta3 = "delta_1.25^3";

    // keypoints2d, edge_texture
    public const string MeanAbsErr = "abs_err";
}
