using MtlAttack.Core.Datasets;

namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>What a TreeMTL checkpoint does not say about itself.</summary>
public sealed record TreeMtlImportOptions
{
    public static TreeMtlImportOptions Default { get; } = new();

    /// <summary>
    /// TreeMTL's index of the layout (MTLAttack-DGBA's <c>--layout_idx</c>, the folder its weights are in). Needed when
    /// the checkpoint has no pickled layout; checked against it when it has one.
    /// </summary>
    public int? TreeMtlLayoutIndex { get; init; }

    /// <summary>Input size; null means the reference's crop for the task set: 321 for NYUv2's three tasks, 224 otherwise (Taskonomy).</summary>
    public int? InputSize { get; init; }

    /// <summary>The reference feeds both NYUv2 and Taskonomy as BGR with the Caffe means subtracted.</summary>
    public ImageNormalization Normalization { get; init; } = ImageNormalization.NyuV2;
}

/// <summary>What an import found: the spec written, and the layout in both numberings.</summary>
/// <param name="Spec">The imported model's spec.</param>
/// <param name="Layout">The layout in TreeMTL's own form (coarse blocks, TreeMTL's set order).</param>
/// <param name="TreeMtlLayoutIndex">TreeMTL's index of the layout.</param>
/// <param name="LayoutIndex">Our index of the layout (<see cref="Sharing.Layouts"/>).</param>
/// <param name="Iteration">The training iteration the checkpoint was saved at, when it records one.</param>
public sealed record TreeMtlImportResult(ModelSpec Spec, TreeMtlLayout Layout, int TreeMtlLayoutIndex, long LayoutIndex, long? Iteration);
