using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Datasets;

/// <summary>One sample of a dataset being written, as plain [C,H,W] arrays (targets and masks per task).</summary>
internal sealed record DatasetWriterSample(
    string Split,
    int Index,
    ImageData Image,
    ChannelOrder ImageOrder,
    IReadOnlyDictionary<string, ImageData> Targets,
    IReadOnlyDictionary<string, ImageData> Masks)
{
    public string Name => $"{Split} sample {Index}";

    /// <summary>
    /// Reads every sample of every split, one at a time, checking shapes against the dataset's tasks, and hands it to
    /// <paramref name="write"/> with its file stem (<c>train_000012</c>); returns the index entries
    /// <paramref name="write"/> gave, by split.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string[]>> WriteAll(IMultiTaskDataset dataset, IProgress<DatasetWriteProgress>? progress,
        Func<DatasetWriterSample, string, string[]> write)
    {
        var order = ChannelOrders.Parse(dataset.Normalization.ChannelOrder);
        var splits = new Dictionary<string, IReadOnlyList<string[]>>();
        foreach (var split in dataset.Splits)
        {
            var entries = new List<string[]>();
            int total = dataset.Count(split);
            for (int i = 0; i < total; i++)
            {
                entries.Add(write(Read(dataset, split, i, order), $"{split}_{i:D6}"));
                progress?.Report(new DatasetWriteProgress(split, entries.Count, total));
            }
            splits[split] = entries;
        }
        return splits;
    }

    /// <summary>
    /// The segmentation target as 8-bit pixels: the label plus <paramref name="offset"/>, or <paramref name="unlabelled"/>
    /// where the mask or the ignore label says there is none; any other value must be a class 0..classCount-1.
    /// </summary>
    public byte[] SegmentationPixels(int classCount, byte unlabelled, int offset)
    {
        var labels = Targets[TaskNames.SegmentSemantic];
        var mask = Masks[TaskNames.SegmentSemantic];
        var bytes = new byte[labels.Pixels.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            float label = labels.Pixels[i];
            if (mask.Pixels[i] < 0.5f || label == TaskNames.IgnoreLabel)
            {
                bytes[i] = unlabelled;
                continue;
            }
            if (label < 0 || label >= classCount || label != MathF.Floor(label))
                throw new InvalidOperationException($"{Name} has segmentation label {label}; expected an integer 0..{classCount - 1} or {TaskNames.IgnoreLabel}.");
            bytes[i] = (byte)(label + offset);
        }
        return bytes;
    }

    private static DatasetWriterSample Read(IMultiTaskDataset dataset, string split, int index, ChannelOrder order)
    {
        using var scope = torch.NewDisposeScope();
        using var sample = dataset.Load(split, index);
        string name = $"{dataset.Description} {split} sample {index}";
        var image = ToImage(sample.Image, 3, null, null, $"{name}: image");
        var targets = new Dictionary<string, ImageData>();
        var masks = new Dictionary<string, ImageData>();
        foreach (var task in dataset.Tasks)
        {
            if (!sample.Targets.TryGetValue(task.Name, out var target))
                throw new InvalidOperationException($"{name} has no target for task '{task.Name}'.");
            targets[task.Name] = ToImage(target, task.TargetChannels, image.Height, image.Width, $"{name}: {task.Name} target");
            masks[task.Name] = sample.Masks.TryGetValue(task.Name, out var mask)
                ? ToImage(mask, 1, image.Height, image.Width, $"{name}: {task.Name} mask")
                : new ImageData(1, image.Height, image.Width, Enumerable.Repeat(1f, image.Height * image.Width).ToArray());
        }
        return new DatasetWriterSample(split, index, image, order, targets, masks);
    }

    private static ImageData ToImage(torch.Tensor tensor, int channels, int? height, int? width, string what)
    {
        var shape = tensor.shape;
        if (shape.Length != 3 || shape[0] != channels || (height is { } h && shape[1] != h) || (width is { } w && shape[2] != w))
            throw new InvalidOperationException(
                $"{what} has shape [{string.Join(",", shape)}]; expected [{channels},{height?.ToString() ?? "H"},{width?.ToString() ?? "W"}].");
        return new ImageData(channels, (int)shape[1], (int)shape[2], tensor.ToFloatArray());
    }
}
