using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using Encoding = MtlAttack.Core.Datasets.Taskonomy.TaskonomyDatasetEncoding;

namespace MtlAttack.Core.Datasets.Taskonomy;

/// <summary>
/// Tiny-Taskonomy as the AdaShare/TreeMTL loaders read it: <c>taskonomy.json</c> =
/// {"train": [[rgb, segment_semantic, normal, depth_zbuffer, keypoints2d, edge_texture], ...], "test": [...], ...}
/// with paths relative to the root (AdaShare) or to root/train and root/test (TreeMTL); both are tried.
/// <c>semseg_prior_factor.npy</c> (optional) gives the class count and the segmentation class weights.
/// Targets follow the reference's mapping (<see cref="TaskonomyDatasetEncoding"/>). Images are BGR with the Caffe means
/// (<see cref="ImageNormalization.NyuV2"/>), as the reference feeds them, not ImageNet RGB.
/// </summary>
public sealed class TaskonomyDataset : IMultiTaskDataset
{
    public const string IndexFileName = "taskonomy.json";
    public const string PriorFactorFileName = "semseg_prior_factor.npy";
    public const string ClassCountKey = "num_classes";
    public const int DefaultClassCount = 17;
    public const int DefaultSize = 224;
    internal const string EntryShape = "[rgb, segment_semantic, normal, depth_zbuffer, keypoints2d, edge_texture]";

    private readonly JsonSplitIndex _index;
    private readonly IReadOnlyList<string> _taskNames;

    public TaskonomyDataset(string root, int? height = null, int? width = null, IReadOnlyList<string>? tasks = null)
    {
        Root = Path.GetFullPath(root);
        DataFiles.RequireDirectory(Root, $"a Taskonomy data root holding {IndexFileName}");
        _index = JsonSplitIndex.Read(Path.Combine(Root, IndexFileName), 6, EntryShape);
        (ClassCount, ClassWeights) = ReadClasses();
        _taskNames = DatasetSpecTasks.Select(TaskNames.Taskonomy, tasks, "Taskonomy");
        Tasks = _taskNames.Select(t => VisionTaskFactory.Create(t, ClassCount, ClassWeights?.ToArray())).ToArray();
        Height = height ?? DefaultSize;
        Width = width ?? DefaultSize;
        if (Height <= 0 || Width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"The loader size must be positive, got {Height}x{Width}.");
        Splits = _index.Splits.Keys.ToArray();
    }

    public string Root { get; }
    public int ClassCount { get; }

    /// <summary>The semseg prior factors, or null when the root has no <see cref="PriorFactorFileName"/>.</summary>
    public IReadOnlyList<float>? ClassWeights { get; }

    public string Description => $"taskonomy:{Root}";
    public IReadOnlyList<VisionTask> Tasks { get; }
    public ImageNormalization Normalization => ImageNormalization.NyuV2;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> Splits { get; }

    public int Count(string split) => Entries(split).Count;

    public MultiTaskSample Load(string split, int index)
    {
        var entries = Entries(split);
        SampleIndex.Require(Description, split, index, entries.Count);
        var entry = entries[index];
        string File(int column, string what) => Resolve(split, entry[column], what);

        var image = ImageFile.Read(File(0, "an RGB image"), ChannelOrder.Bgr);
        (ImageData Target, ImageData Mask)? depth = null;
        (ImageData Target, ImageData Mask) Depth() => depth ??= ReadDepth(File(3, "a 16-bit depth_zbuffer PNG"), image);

        // Normal and depth share one mask; every task still gets its own tensor, so that batching can own them separately.
        return MultiTaskSample.FromImageData(image, _taskNames, task => task switch
        {
            TaskNames.SegmentSemantic => ReadSegmentation(File(1, "an 8-bit segment_semantic PNG"), image),
            TaskNames.Normal => (ReadNormal(File(2, "an RGB normal PNG"), image), Depth().Mask),
            TaskNames.Depth => Depth(),
            TaskNames.Keypoints => ReadRescaled(File(4, "a 16-bit keypoints2d PNG"), image, Encoding.KeypointScale, "keypoints2d"),
            TaskNames.Edges => ReadRescaled(File(5, "a 16-bit edge_texture PNG"), image, Encoding.EdgeScale, "edge_texture"),
            _ => throw new InvalidOperationException($"Taskonomy has no {task} targets here."),
        });
    }

    private IReadOnlyList<string[]> Entries(string split) => _index.Entries(split, Description);

    /// <summary>AdaShare resolves entries against the root, TreeMTL against root/train or root/test; accept either.</summary>
    private string Resolve(string split, string relative, string what)
    {
        var direct = Path.Combine(Root, relative);
        if (System.IO.File.Exists(direct)) return direct;
        string folder = split == "train" ? "train" : split.StartsWith("test", StringComparison.Ordinal) ? "test" : split;
        var nested = Path.Combine(Root, folder, relative);
        if (System.IO.File.Exists(nested)) return nested;
        throw new FileNotFoundException($"Missing file '{direct}' (also looked for '{nested}'; expected {what}).", direct);
    }

    private (int Count, IReadOnlyList<float>? Weights) ReadClasses()
    {
        var path = Path.Combine(Root, PriorFactorFileName);
        if (!System.IO.File.Exists(path)) return (_index.PositiveInt(ClassCountKey) ?? DefaultClassCount, null);
        var prior = NpyFile.Read(path);
        var weights = prior.ToSingles();
        if (prior.Shape.Count != 1 || prior.Length < 1 || prior.Length > TaskNames.IgnoreLabel)
            throw new DataFileException(path, $"has shape {prior.ShapeText}; expected one weight per segmentation class, shape (K,) with 1 <= K <= {TaskNames.IgnoreLabel}");
        int bad = Array.FindIndex(weights, w => !float.IsFinite(w) || w < 0);
        if (bad >= 0)
            throw new DataFileException(path, $"has weight {weights[bad]} for class {bad}; expected finite non-negative class weights");
        return (weights.Length, weights);
    }

    private (ImageData, ImageData) ReadSegmentation(string path, ImageData image)
    {
        var raw = ImageFile.ReadGrayRaw(path);
        NpyPlanes.RequireSize(raw, image.Height, image.Width, path, "the segmentation");
        return StoredLabels.Read(raw, ClassCount, value => value == 0 ? null : value - 1, path,
            $"0 (unlabelled) or 1..{ClassCount} (class + 1)", what: "value");
    }

    private static ImageData ReadNormal(string path, ImageData image)
    {
        var pixels = ImageFile.Read(path, ChannelOrder.Rgb);
        NpyPlanes.RequireSize(pixels, image.Height, image.Width, path, "the normal map");
        return pixels with { Pixels = Array.ConvertAll(pixels.Pixels, Encoding.NormalFromPixel) };
    }

    private static (ImageData Target, ImageData Mask) ReadDepth(string path, ImageData image)
    {
        var raw = ImageFile.ReadGrayRaw(path);
        NpyPlanes.RequireSize(raw, image.Height, image.Width, path, "the depth map");
        var depth = new float[raw.Pixels.Length];
        var mask = new float[raw.Pixels.Length];
        for (int i = 0; i < depth.Length; i++)
        {
            if (!Encoding.IsValidDepthPixel(raw.Pixels[i])) continue;
            depth[i] = Encoding.DepthFromPixel(raw.Pixels[i]);
            mask[i] = 1f;
        }
        return (raw with { Pixels = depth }, raw with { Pixels = mask });
    }

    private static (ImageData, ImageData) ReadRescaled(string path, ImageData image, float scale, string what)
    {
        var raw = ImageFile.ReadGrayRaw(path);
        NpyPlanes.RequireSize(raw, image.Height, image.Width, path, $"the {what} map");
        var values = Array.ConvertAll(raw.Pixels, v => Encoding.RescaledFromPixel(v, scale));
        var mask = new float[values.Length];
        Array.Fill(mask, 1f);
        return (raw with { Pixels = values }, raw with { Pixels = mask });
    }
}
