namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// The reference's metric names (its metric dictionaries' keys, and so its CSV columns), in the order its CSV writes them
/// per convention, with the direction its <c>metrics_prop</c> gives each.
/// </summary>
public static class ReferenceMetricNames
{
    public const string MeanIoU = "mIoU";
    public const string PixelAccuracy = "Pixel Acc";
    public const string AngleMean = "Angle Mean";
    public const string AngleMedian = "Angle Median";
    public const string Angle11 = "Angle 11.25";
    public const string Angle22 = "Angle 22.5";
    public const string Angle30 = "Angle 30";
    public const string AbsErr = "abs_err";
    public const string RelErr = "rel_err";
    public const string Sigma1 = "sigma_1.25";
    public const string Sigma2 = "sigma_1.25^2";
    public const string Sigma3 = "sigma_1.25^3";
    public const string SegmentationError = "err";
    public const string CosineSimilarity = "cosine_similarity";
    public const string KeypointError = "key_err";
    public const string EdgeError = "edge_err";

    /// <summary>
    /// Not metrics: the task's loss as the reference's CSV compares it, kept with the metric statistics so that it merges
    /// like them. Batch-pooled: the mean over batches of each batch's pooled loss (its clean row and single/total attacks);
    /// per-sample: the mean over batches of each batch's mean per-sample loss (its mtl and sign_sum attacks).
    /// </summary>
    public const string PooledLoss = "loss (reference, batch-pooled)";
    public const string PerSampleLoss = "loss (reference, per-sample)";

    /// <summary>
    /// The metric columns of the reference's CSV under <paramref name="convention"/>, in its order (the order of its
    /// <c>metrics_prop</c> dictionary: Taskonomy's puts depth before normal).
    /// </summary>
    public static IReadOnlyList<string> Columns(ReferenceConvention convention) => convention == ReferenceConvention.NyuV2
        ? [MeanIoU, PixelAccuracy, AngleMean, AngleMedian, Angle11, Angle22, Angle30, AbsErr, RelErr, Sigma1, Sigma2, Sigma3]
        : [SegmentationError, AbsErr, CosineSimilarity, KeypointError, EdgeError];

    /// <summary>The metrics of <paramref name="task"/> under <paramref name="convention"/>, in the reference's column order.</summary>
    public static IReadOnlyList<MetricDefinition> For(string task, ReferenceConvention convention) => (task, convention) switch
    {
        (TaskNames.SegmentSemantic, ReferenceConvention.NyuV2) => [Higher(MeanIoU), Higher(PixelAccuracy)],
        (TaskNames.SegmentSemantic, ReferenceConvention.Taskonomy) => [Lower(SegmentationError)],
        (TaskNames.Normal, ReferenceConvention.NyuV2) => [Lower(AngleMean), Lower(AngleMedian), Higher(Angle11), Higher(Angle22), Higher(Angle30)],
        (TaskNames.Normal, ReferenceConvention.Taskonomy) => [Higher(CosineSimilarity)],
        (TaskNames.Depth, ReferenceConvention.NyuV2) => [Lower(AbsErr), Lower(RelErr), Higher(Sigma1), Higher(Sigma2), Higher(Sigma3)],
        (TaskNames.Depth, ReferenceConvention.Taskonomy) => [Lower(AbsErr)],
        (TaskNames.Keypoints, _) => [Lower(KeypointError)],
        (TaskNames.Edges, _) => [Lower(EdgeError)],
        _ => throw new ArgumentException($"The reference protocol scores {string.Join(", ", TaskNames.All)}; it has no metrics for task '{task}'."),
    };

    private static MetricDefinition Higher(string name) => new(name, MetricGoal.HigherIsBetter);
    private static MetricDefinition Lower(string name) => new(name, MetricGoal.LowerIsBetter);
}
