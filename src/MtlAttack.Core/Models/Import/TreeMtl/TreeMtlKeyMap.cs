using System.Globalization;
using System.Text.RegularExpressions;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>
/// TreeMTL's tensor names on our DeepLab ResNet's. TreeMTL builds one <c>backbone.mtl_blocks.{k}</c> per fine block
/// (the stem, then each BasicBlock) and task set, k counting blocks in order and each block's task sets in its list
/// order; the stem is <c>residual_block.{0 conv, 1 bn}</c>, a BasicBlock <c>residual_block.block.{conv1, bn1, conv2,
/// bn2}</c> and <c>residual_block.ds.{0, 1}</c>. Ours is <c>backbone.block{c}.group{g}</c> per coarse block c (stem,
/// layer1..layer4) and canonical group g, holding torchvision's names (<c>conv1</c>, <c>bn1</c>;
/// <c>layer{c}.{i}.conv1</c>, <c>layer{c}.{i}.downsample.0</c>). Heads (<c>heads.{task}.fc{1..4}.conv{1..3}</c>) are
/// named alike on both sides.
/// </summary>
internal static partial class TreeMtlKeyMap
{
    public const string BlockPrefix = "backbone.mtl_blocks.";

    /// <summary>Our name for every TreeMTL backbone name of <paramref name="names"/> that the layout accounts for.</summary>
    public static Dictionary<string, string> Build(IEnumerable<string> names, TreeMtlLayout fine, Layout coarse, DeepLabResNet backbone)
    {
        var copies = Copies(fine, coarse, backbone);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var match = BlockName().Match(name);
            if (!match.Success) continue;
            int k = int.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture);
            if (k >= copies.Count) continue;
            var (group, stage, index) = copies[k];
            string inner = match.Groups["inner"].Value;
            string? ours = stage == 0 ? StemName(inner) : ResidualName(inner, stage, index);
            if (ours is not null) map[name] = $"backbone.block{stage}.group{group}.{ours}";
        }
        return map;
    }

    /// <summary>The number of <c>mtl_blocks</c> a layout over a backbone's fine blocks instantiates.</summary>
    public static int CopyCount(TreeMtlLayout fine) => fine.Blocks.Sum(sets => sets.Count);

    /// <summary>The highest <c>mtl_blocks</c> index among the names plus one (0 when there is none).</summary>
    public static int CopiesNamed(IEnumerable<string> names) =>
        names.Select(n => BlockName().Match(n)).Where(m => m.Success).Select(m => int.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

    // For every mtl_blocks index: the fine block's stage (0 = stem, which is also our coarse block) and index in it,
    // and our group in that coarse block.
    private static List<(int Group, int Stage, int Index)> Copies(TreeMtlLayout fine, Layout coarse, DeepLabResNet backbone)
    {
        var copies = new List<(int, int, int)>();
        var positions = FineBlocks(backbone);
        for (int l = 0; l < fine.BlockCount; l++)
        {
            var (stage, index) = positions[l];
            foreach (var set in fine.Blocks[l]) copies.Add((coarse.GroupOf(stage, set[0]), stage, index));
        }
        return copies;
    }

    /// <summary>Each fine block's stage (0 = stem, s = layer s) and index within it, in order.</summary>
    public static IReadOnlyList<(int Stage, int Index)> FineBlocks(DeepLabResNet backbone) =>
        [(0, 0), .. backbone.BlocksPerStage.SelectMany((count, s) => Enumerable.Range(0, count).Select(i => (s + 1, i)))];

    private static string? StemName(string inner) => inner switch
    {
        _ when inner.StartsWith("0.", StringComparison.Ordinal) => "conv1." + inner[2..],
        _ when inner.StartsWith("1.", StringComparison.Ordinal) => "bn1." + inner[2..],
        _ => null,
    };

    private static string? ResidualName(string inner, int stage, int index)
    {
        var match = ResidualPart().Match(inner);
        if (!match.Success) return null;
        string module = match.Groups["block"].Success ? match.Groups["block"].Value : "downsample." + match.Groups["ds"].Value;
        return $"layer{stage}.{index}.{module}.{match.Groups["rest"].Value}";
    }

    [GeneratedRegex(@"^backbone\.mtl_blocks\.(?<k>\d{1,6})\.residual_block\.(?<inner>.+)$")]
    private static partial Regex BlockName();

    [GeneratedRegex(@"^(?:block\.(?<block>conv1|bn1|conv2|bn2)|ds\.(?<ds>[01]))\.(?<rest>[^.]+)$")]
    private static partial Regex ResidualPart();
}
