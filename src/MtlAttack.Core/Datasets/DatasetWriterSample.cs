using MtlAttack.Core.IO;
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

    /// <summary>Reads every sample of <paramref name="split"/>, one at a time, checking shapes against the dataset's tasks.</summary>
    public static IEnumerable<DatasetWriterSample> ReadAll(IMultiTaskDataset dataset, string split)
    {
        var order = ChannelOrders.Parse(dataset.Normalization.ChannelOrder);
        int count = dataset.Count(split);
        for (int i = 0; i < count; i++)
            yield return Read(dataset, split, i, order);
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
