using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// Writes the AdaShare NYUv2 layout that <see cref="NyuV2Dataset"/> reads: img/, seg/, normal_mask/ (AdaShare's folder
/// names), depth/ and nyu_v2_3task.json with "num_classes" and "normal_encoding": "adashare". Lossless for 0..255 integer
/// images, labels, masks and depth. Normals are stored as NYUv2's are distributed (R,G,B = x,y,z, 8 bits per component,
/// valid components at most 254) with 255 in every channel where there is none, so the reader, which takes them the
/// reference's way (<see cref="NyuV2NormalEncoding.AdaShare"/>), gets exactly the source's mask and the reference's target.
/// </summary>
internal static class NyuV2DatasetWriter
{
    public static void Write(IMultiTaskDataset dataset, string root, IProgress<DatasetWriteProgress>? progress)
    {
        int classCount = dataset.Tasks.Single(t => t.Name == TaskNames.SegmentSemantic).OutputChannels;
        foreach (var folder in new[] { "img", "seg", "normal_mask", "depth" })
            Directory.CreateDirectory(Path.Combine(root, folder));

        var splits = DatasetWriterSample.WriteAll(dataset, progress, (sample, name) =>
        {
            string[] entry = [$"img/{name}.png", $"seg/{name}.png", $"normal_mask/{name}.png", $"depth/{name}.npy"];
            string File(int column) => Path.Combine(root, entry[column]);
            int height = sample.Image.Height, width = sample.Image.Width;

            ImageFile.WritePng(File(0), sample.Image, sample.ImageOrder);
            ImageFile.WritePng(File(1), sample.SegmentationPixels(classCount, TaskNames.IgnoreLabel, 0), 1, height, width, ChannelOrder.Gray);
            WriteNormal(File(2), sample);
            WriteDepth(File(3), sample);
            return entry;
        });
        JsonSplitIndex.Write(Path.Combine(root, NyuV2Dataset.IndexFileName), splits,
            new Dictionary<string, object>
            {
                [NyuV2Dataset.ClassCountKey] = classCount,
                [NyuV2DatasetEncoding.NormalEncodingKey] = NyuV2DatasetEncoding.Name(NyuV2NormalEncoding.AdaShare),
            });
    }

    private static void WriteNormal(string path, DatasetWriterSample sample)
    {
        var normal = sample.Targets[TaskNames.Normal];
        var mask = sample.Masks[TaskNames.Normal];
        int plane = normal.Height * normal.Width;
        var bytes = new byte[3 * plane];
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
                bytes[c * plane + p] = mask.Pixels[p] < 0.5f
                    ? NyuV2DatasetEncoding.AdaShareIgnoreValue
                    : NyuV2DatasetEncoding.PixelFromNormal(normal.Pixels[c * plane + p]);
        ImageFile.WritePng(path, bytes, 3, normal.Height, normal.Width, ChannelOrder.Rgb);
    }

    private static void WriteDepth(string path, DatasetWriterSample sample)
    {
        var depth = sample.Targets[TaskNames.Depth];
        var mask = sample.Masks[TaskNames.Depth];
        var values = new float[depth.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (mask.Pixels[i] < 0.5f) continue;
            if (!NyuV2DatasetEncoding.IsValidDepth(depth.Pixels[i]))
                throw new InvalidOperationException($"{sample.Name} has valid depth {depth.Pixels[i]} at pixel {i}; the NYUv2 layout stores valid depth as a positive number of metres.");
            values[i] = depth.Pixels[i];
        }
        NpyFile.Write(path, values, depth.Height, depth.Width);
    }
}
