using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;

namespace MtlAttack.Core.Tests.Models;

internal static class TestSpecs
{
    public static readonly TaskHeadSpec Segmentation = new("segment_semantic", 13, 13);
    public static readonly TaskHeadSpec Normal = new("normal", 3);
    public static readonly TaskHeadSpec Depth = new("depth_zbuffer", 1);

    public static ModelSpec Make(string backbone, string layout, int size, params TaskHeadSpec[] tasks) => new()
    {
        Backbone = backbone,
        Layout = layout,
        Tasks = tasks.Length == 0 ? [Segmentation, Normal, Depth] : tasks,
        Normalization = ImageNormalization.NyuV2,
        PixelRange = PixelRange.Of(ImageNormalization.NyuV2),
        InputHeight = size,
        InputWidth = size,
        Provenance = new SortedDictionary<string, string> { ["dataset"] = "test", ["seed"] = "7" },
    };

    public static ModelSpec Small(string layout = "{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}") => Make("small", layout, 64);
}
