namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// How an NYUv2 (AdaShare layout) dataset's normal maps become normal targets; recorded in
/// <c>nyu_v2_3task.json</c> under <see cref="NyuV2DatasetEncoding.NormalEncodingKey"/>.
/// </summary>
public enum NyuV2NormalEncoding
{
    /// <summary>
    /// The reference's (AdaShare/TreeMTL/MTLAttack-DGBA) reading: the PNG's raw 0..255 values in the order OpenCV reads
    /// them (B, G, R), as a direction, without mapping to [-1, 1]; a pixel with any channel at 255 has no normal.
    /// What every dataset written since the key exists uses, and what AdaShare's own release (which has no key) means.
    /// </summary>
    AdaShare,

    /// <summary>
    /// MtlAttack's reading before the key existed: R, G, B = x, y, z, v / 255 * 2 - 1; an all-zero pixel has no normal.
    /// Kept so that datasets exported then, and models trained on them, are still read as they were.
    /// </summary>
    SignedRgb,
}
