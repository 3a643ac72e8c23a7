using System.Text.RegularExpressions;
using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// NYUv2 as preprocessed for MTAN: <c>train|val/{image,label,depth,normal}/N.npy</c>, N = 0, 1, ...
/// image [H,W,3] float RGB in 0..1, label [H,W] with 13 classes and -1 ignored, depth [H,W,1] (0 = missing),
/// normal [H,W,3] in [-1,1] (all zero = missing). Mapped to the conventions of <see cref="NyuV2Dataset"/> so that one model
/// serves both layouts: image scaled to 0..255 and given as BGR with <see cref="ImageNormalization.NyuV2"/>, label -1 becomes 255.
/// MTAN's val split is the test split here.
/// </summary>
public sealed partial class MtanDataset : IMultiTaskDataset
{
    public const int ClassCount = 13;
    public const int DefaultHeight = 288, DefaultWidth = 384;
    public const string TrainSplit = "train", TestSplit = "test";

    private readonly IReadOnlyDictionary<string, (string Folder, int Count)> _splits;
    private readonly IReadOnlyList<string> _taskNames;

    public MtanDataset(string root, int? height = null, int? width = null, IReadOnlyList<string>? tasks = null)
    {
        Root = Path.GetFullPath(root);
        DataFiles.RequireDirectory(Root, "an MTAN NYUv2 root holding train/ and val/");
        _splits = new Dictionary<string, (string, int)>
        {
            [TrainSplit] = ScanSplit(Path.Combine(Root, "train")),
            [TestSplit] = ScanSplit(Path.Combine(Root, "val")),
        };
        _taskNames = DatasetSpecTasks.Select(TaskNames.NyuV2, tasks, "MTAN NYUv2");
        Tasks = _taskNames.Select(t => VisionTaskFactory.Create(t, ClassCount)).ToArray();
        Height = height ?? DefaultHeight;
        Width = width ?? DefaultWidth;
        if (Height <= 0 || Width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"The loader size must be positive, got {Height}x{Width}.");
    }

    public string Root { get; }
    public string Description => $"mtan:{Root}";
    public IReadOnlyList<VisionTask> Tasks { get; }
    public ImageNormalization Normalization => ImageNormalization.NyuV2;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> Splits { get; } = [TrainSplit, TestSplit];

    /// <summary>True when <paramref name="root"/> has MTAN's <c>train/image</c> folder.</summary>
    public static bool LooksLikeMtan(string root) => Directory.Exists(Path.Combine(root, "train", "image"));

    public int Count(string split) => Split(split).Count;

    public MultiTaskSample Load(string split, int index)
    {
        var (folder, count) = Split(split);
        SampleIndex.Require(Description, split, index, count);
        string File(string kind) => Path.Combine(folder, kind, $"{index}.npy");

        var rgb = NpyPlanes.Read(File("image"), 3, "RGB image in 0..1");
        int plane = rgb.Height * rgb.Width;
        var bgr = new float[3 * plane];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
                bgr[(2 - c) * plane + p] = rgb.Pixels[c * plane + p] * 255f;
        var image = rgb with { Pixels = bgr };

        return MultiTaskSample.FromImageData(image, _taskNames, task => task switch
        {
            TaskNames.SegmentSemantic => ReadLabels(File("label"), image),
            TaskNames.Normal => ReadNormal(File("normal"), image),
            TaskNames.Depth => NyuV2DatasetEncoding.ReadDepth(File("depth"), image),
            _ => throw new InvalidOperationException($"MTAN NYUv2 has no {task} targets."),
        });
    }

    private (string Folder, int Count) Split(string split) =>
        _splits.TryGetValue(split, out var found)
            ? found
            : throw new ArgumentException($"Unknown split '{split}' of {Description}; its splits are 'train' and 'test' (MTAN's val).", nameof(split));

    /// <summary>Counts N.npy in image/; MTAN's loader assumes 0..N-1, so a gap is reported now rather than mid-epoch.</summary>
    private static (string, int) ScanSplit(string folder)
    {
        var imageFolder = Path.Combine(folder, "image");
        DataFiles.RequireDirectory(imageFolder, "MTAN image arrays 0.npy, 1.npy, ...");
        var indices = Directory.EnumerateFiles(imageFolder, "*.npy")
            .Select(f => IndexName().Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        for (int i = 0; i < indices.Count; i++)
            if (indices[i] != i)
                throw new FileNotFoundException($"Missing file '{Path.Combine(imageFolder, $"{i}.npy")}' (expected MTAN image arrays numbered 0..{indices.Count - 1} without gaps).");
        return (folder, indices.Count);
    }

    private static (ImageData, ImageData) ReadLabels(string path, ImageData image) =>
        StoredLabels.Read(NpyPlanes.Read(path, 1, "label map (13 classes, -1 ignored)", image.Height, image.Width), ClassCount,
            label => label == -1f ? null : label, path, $"an integer 0..{ClassCount - 1} or -1 (ignored)");

    /// <summary>MTAN's normals as stored, non-finite components read as 0; a pixel whose components are all 0 has no normal.</summary>
    private static (ImageData, ImageData) ReadNormal(string path, ImageData image) =>
        NyuV2DatasetEncoding.DecodeNormals(NpyPlanes.Read(path, 3, "normal map in [-1,1]", image.Height, image.Width), (x, y, z) =>
        {
            (x, y, z) = (float.IsFinite(x) ? x : 0f, float.IsFinite(y) ? y : 0f, float.IsFinite(z) ? z : 0f);
            return x != 0f || y != 0f || z != 0f ? (x, y, z) : null;
        });

    [GeneratedRegex(@"^(\d+)\.npy$")]
    private static partial Regex IndexName();
}
