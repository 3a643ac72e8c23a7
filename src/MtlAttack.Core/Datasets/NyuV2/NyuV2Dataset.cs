using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// NYUv2 in the AdaShare/TreeMTL layout: <c>nyu_v2_3task.json</c> = {"train": [[image, seg, normal, depth], ...], "test": [...]}
/// with paths relative to the root (optional "num_classes", default 40, for data sets written in this layout).
/// Image: colour PNG/JPEG, given as BGR 0..255 (what OpenCV reads, and the reference model input).
/// Segmentation: grayscale PNG of class indices, 255 = ignore. Normal: 3-channel PNG read as the index's
/// "normal_encoding" says (<see cref="NyuV2NormalEncoding"/>): by default the reference's way, the raw B,G,R values as
/// a direction with any channel at 255 ignored. Depth: float32 .npy [H,W] (or [H,W,1]) in metres; depth &lt;= 0 is masked.
/// </summary>
public sealed class NyuV2Dataset : IMultiTaskDataset
{
    public const string IndexFileName = "nyu_v2_3task.json";
    public const string ClassCountKey = "num_classes";
    public const int DefaultClassCount = 40;
    public const int DefaultSize = 321;
    internal const string EntryShape = "[image, seg, normal, depth]";

    private readonly JsonSplitIndex _index;
    private readonly IReadOnlyList<string> _taskNames;

    public NyuV2Dataset(string root, int? height = null, int? width = null, IReadOnlyList<string>? tasks = null)
    {
        Root = Path.GetFullPath(root);
        DataFiles.RequireDirectory(Root, $"an NYUv2 data root holding {IndexFileName}");
        var indexPath = Path.Combine(Root, IndexFileName);
        if (!File.Exists(indexPath) && MtanDataset.LooksLikeMtan(Root))
            throw new FileNotFoundException(
                $"Missing file '{indexPath}': '{Root}' has the MTAN layout (train/image/0.npy ...); open it as mtan:{Root}.", indexPath);
        _index = JsonSplitIndex.Read(indexPath, 4, EntryShape);
        ClassCount = _index.PositiveInt(ClassCountKey) ?? DefaultClassCount;
        NormalEncoding = NyuV2DatasetEncoding.Of(_index, ClassCountKey);
        if (ClassCount > TaskNames.IgnoreLabel)
            throw new DataFileException(indexPath, $"has \"{ClassCountKey}\": {ClassCount}; expected at most {TaskNames.IgnoreLabel} classes (255 is the ignore label)");
        _taskNames = DatasetSpecTasks.Select(TaskNames.NyuV2, tasks, "NYUv2");
        Tasks = _taskNames.Select(t => VisionTaskFactory.Create(t, ClassCount)).ToArray();
        Height = RequirePositive(height ?? DefaultSize, nameof(height));
        Width = RequirePositive(width ?? DefaultSize, nameof(width));
        Splits = _index.Splits.Keys.ToArray();
    }

    public string Root { get; }
    public int ClassCount { get; }

    /// <summary>How normal maps become targets; see <see cref="NyuV2NormalEncoding"/>.</summary>
    public NyuV2NormalEncoding NormalEncoding { get; }

    /// <summary>The normal encoding, when the dataset has normals: a model trained on one reading is not scored on the other.</summary>
    public IReadOnlyDictionary<string, string> TargetConventions =>
        Tasks.Any(t => t.Name == TaskNames.Normal)
            ? new Dictionary<string, string> { [NyuV2DatasetEncoding.NormalEncodingKey] = NyuV2DatasetEncoding.Name(NormalEncoding) }
            : new Dictionary<string, string>();
    public string Description => $"nyuv2:{Root}";
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
        var files = entries[index].Select(p => Path.Combine(Root, p)).ToArray();

        var image = ImageFile.Read(files[0], ChannelOrder.Bgr);
        return MultiTaskSample.FromImageData(image, _taskNames, task => task switch
        {
            TaskNames.SegmentSemantic => ReadSegmentation(files[1], image),
            TaskNames.Normal => NormalEncoding == NyuV2NormalEncoding.AdaShare
                ? ReadNormal(files[2], image, ChannelOrder.Bgr, NyuV2DatasetEncoding.AdaShareNormal)
                : ReadNormal(files[2], image, ChannelOrder.Rgb, NyuV2DatasetEncoding.SignedRgbNormal),
            TaskNames.Depth => NyuV2DatasetEncoding.ReadDepth(files[3], image),
            _ => throw new InvalidOperationException($"NYUv2 has no {task} targets."),
        });
    }

    private IReadOnlyList<string[]> Entries(string split) => _index.Entries(split, Description);

    private (ImageData, ImageData) ReadSegmentation(string path, ImageData image)
    {
        var labels = ImageFile.Read(path, ChannelOrder.Gray);
        NpyPlanes.RequireSize(labels, image.Height, image.Width, path, "the segmentation");
        return StoredLabels.Read(labels, ClassCount, label => label == TaskNames.IgnoreLabel ? null : label, path,
            $"0..{ClassCount - 1} or {TaskNames.IgnoreLabel} (ignored)");
    }

    private static (ImageData, ImageData) ReadNormal(string path, ImageData image, ChannelOrder order, Func<float, float, float, (float, float, float)?> decode)
    {
        var pixels = ImageFile.Read(path, order);
        NpyPlanes.RequireSize(pixels, image.Height, image.Width, path, "the normal map");
        return NyuV2DatasetEncoding.DecodeNormals(pixels, decode);
    }

    private static int RequirePositive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "The loader size must be positive.");
}
