// The scene model. Every scene is a room seen from inside by a pinhole camera: a floor (checker tiles),
// four walls (vertical stripes) and a ceiling (noise blotches) enclose 2-6 objects standing on the floor:
// boxes turned about the vertical, spheres and upright cylinders, each class painted with its own texture kind
// and colour family so that class is learnable from appearance. The camera stands near the front wall at
// eye height with random offset, yaw, downward pitch and a little roll; the field of view is fixed, so size
// and perspective tell depth. One point light below the ceiling gives Lambert shading with distance falloff,
// an ambient term and hard shadows (a shadow ray per pixel), so orientation is learnable from shading.
// One ray per pixel centre finds the nearest surface, and every target is read off that same hit: class,
// camera-frame depth and normal, texture and occlusion edges, and a heat map of the visible box corners and
// cylinder rim points. A scene is a pure function of (seed, split, index) through its own random stream.

using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// Procedural indoor scenes with exact ground truth for all five tasks; the embedded default dataset.
/// Images are BGR in 0..255 (<see cref="ImageNormalization.NyuV2"/>), targets and masks follow <see cref="MultiTaskSample"/>.
/// </summary>
public sealed class SyntheticScenes : IMultiTaskDataset
{
    public const string TrainSplit = "train", TestSplit = "test";

    public SyntheticScenes(SyntheticSceneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Tasks = options.Tasks.Select(name => VisionTaskFactory.Create(name, segmentationClasses: ClassCount)).ToArray();
    }

    /// <summary>Segmentation labels: the index in this list is the class value in the target.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        Enum.GetValues<SceneClass>().OrderBy(c => (int)c).Select(c => c.ToString().ToLowerInvariant()).ToArray();

    public static int ClassCount => ClassNames.Count;

    public SyntheticSceneOptions Options { get; }

    /// <summary>The dataset spec that makes these scenes, e.g. <c>synthetic:count=1000,size=64,seed=1,tasks=normal+depth_zbuffer</c>.</summary>
    public string Description => new DatasetSpec { Kind = DatasetKind.Synthetic, Synthetic = Options }.ToString();

    public IReadOnlyList<VisionTask> Tasks { get; }

    public ImageNormalization Normalization => ImageNormalization.NyuV2;

    public int Height => Options.Size;

    public int Width => Options.Size;

    public IReadOnlyList<string> Splits { get; } = [TrainSplit, TestSplit];

    public int Count(string split) => split switch
    {
        TrainSplit => Options.TrainCount,
        TestSplit => Options.TestCount,
        _ => throw UnknownSplit(split),
    };

    public MultiTaskSample Load(string split, int index) => Render(split, index).ToSample(Options.Tasks);

    /// <summary>The scene behind sample <paramref name="index"/> of <paramref name="split"/>, with keypoint positions.</summary>
    internal RenderedScene Render(string split, int index) => SceneRenderer.Render(Describe(split, index), Options.Size);

    internal Scene Describe(string split, int index)
    {
        SampleIndex.Require(Description, split, index, Count(split), "scenes");
        return SceneGenerator.Generate(Options.Seed, split, index);
    }

    private ArgumentException UnknownSplit(string split) =>
        new($"Unknown split '{split}' of the synthetic scenes; use {string.Join(" or ", Splits)}.", nameof(split));
}
