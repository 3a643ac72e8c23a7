namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// The reference code's behaviours that the reference protocol reproduces and ours does not, one sentence each: the notes
/// of a report written under that protocol (report.json, report.md, report.html), and the README's comparison.
/// </summary>
public static class ReferenceQuirks
{
    /// <summary>The notes for a report of <paramref name="tasks"/> under the reference protocol, in a fixed order.</summary>
    public static IReadOnlyList<string> For(IEnumerable<string> tasks)
    {
        var names = tasks.ToList();
        var convention = ReferenceConventions.For(names);
        var notes = new List<string>
        {
            "Protocol: reference (zhanglijun95/MTLAttack-DGBA); metrics, losses, APGD and the CSV follow its code, quirks included.",
            $"Scoring convention: {(convention == ReferenceConvention.Taskonomy ? "Taskonomy (the task list has keypoints2d or edge_texture)" : "NYUv2")}.",
            "Losses are computed at the prediction's resolution, labels and masks nearest-downsampled to it (ours: the prediction upsampled bilinearly to the labels).",
            "Metrics are computed on the prediction nearest-upsampled to the labels (ours: bilinear).",
            "The single-task and total-loss attacks differentiate batch-pooled means (each task's mean over every scored pixel of the batch; ours: per-sample means); dgba and signsum use per-sample means as ours do.",
            "The loss columns compare the mean over batches of each batch's loss: batch-pooled for the clean baseline, single and total; the mean per-sample loss for dgba and signsum.",
            "Metrics that the reference averages per batch (Pixel Acc, abs_err, rel_err, err, key_err, edge_err) are averaged over batches weighted by batch size, so they depend on the batch size.",
            "apgd (L-infinity) follows the reference's AA rules (first step eps/N, its floating-point checkpoints, best point and halving decided per batch on the batch mean, halving one iteration late, no restart); its dgba cells measure the relative loss change against each task's clean loss averaged over the dataset (ours: per sample, clamped).",
                        "A task's acc. change is the mean of its metrics' signed changes computed from metrics rounded to 4 decimals, as the reference rounds before comparing.",
        };
        if (convention == ReferenceConvention.NyuV2)
        {
            if (names.Contains(TaskNames.SegmentSemantic))
                notes.Add("mIoU averages only the classes with at least one true positive (ours: every class present in labels or predictions).");
            if (names.Contains(TaskNames.Normal))
                notes.Add("Normal angle thresholds count angles <= 11.25, 22.5 and 30 degrees (ours: <); the median is read from a 0.01-degree histogram (within 0.005 degrees of the reference's exact median).");
            if (names.Contains(TaskNames.Depth))
                notes.Add("Depth sigma_1.25^k counts max(p/t, t/p) <= 1.25^k in percent; a negative predicted depth passes every threshold (ours: fails). Depth is scored where it exceeds 3e-5 (ours: > 0).");
        }
        else
        {
            notes.Add("Taskonomy is scored with one metric per task: segmentation err (class-weighted cross-entropy), normal cosine_similarity, depth abs_err, key_err, edge_err.");
            if (names.Contains(TaskNames.SegmentSemantic))
                notes.Add("Taskonomy segmentation scores every pixel: unlabelled pixels (raw label 0) count as class 0, as the reference's loader maps 0 to 1 before subtracting 1 and ignores the mask.");
        }
        notes.Add("A batch with no scored pixel contributes 0 to a per-batch mean or loss (the reference would get NaN).");
        return notes;
    }
}
