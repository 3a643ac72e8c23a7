using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;
using Encoding = MtlAttack.Core.Datasets.Taskonomy.TaskonomyDatasetEncoding;

namespace MtlAttack.Core.Datasets.Taskonomy;

/// <summary>
/// Writes the tiny-Taskonomy layout that <see cref="TaskonomyDataset"/> reads: one folder per task (rgb, segment_semantic,
/// normal, depth_zbuffer, keypoints2d, edge_texture), taskonomy.json and semseg_prior_factor.npy (the segmentation task's
/// class weights, or ones). Depth in metres is stored as Taskonomy does, in 1/512 m, so reading it back gives the reference's
/// log-depth target; keypoints and edges in [-1,1] are stored so that the reader's rescaling returns them (quantised).
/// The format keeps one validity mask for depth and normals (the depth mask) and none for keypoints and edges.
/// </summary>
internal static class TaskonomyDatasetWriter
{
    private static readonly string[] Folders = ["rgb", TaskNames.SegmentSemantic, TaskNames.Normal, TaskNames.Depth, TaskNames.Keypoints, TaskNames.Edges];

    public static void Write(IMultiTaskDataset dataset, string root, IProgress<DatasetWriteProgress>? progress)
    {
        var segmentation = dataset.Tasks.Single(t => t.Name == TaskNames.SegmentSemantic);
        int classCount = segmentation.OutputChannels;
        if (classCount >= TaskNames.IgnoreLabel)
            throw new ArgumentException($"The Taskonomy layout stores class + 1 in 8 bits, so at most {TaskNames.IgnoreLabel - 1} classes; {dataset.Description} has {classCount}.");
        foreach (var folder in Folders) Directory.CreateDirectory(Path.Combine(root, folder));
        var weights = (segmentation as SemanticSegmentationTask)?.ClassWeights?.ToArray() ?? Enumerable.Repeat(1f, classCount).ToArray();
        NpyFile.Write(Path.Combine(root, TaskonomyDataset.PriorFactorFileName), weights, classCount);

        var splits = DatasetWriterSample.WriteAll(dataset, progress, (sample, name) =>
        {
            var entry = Folders.Select(folder => $"{folder}/{name}.png").ToArray();
            string File(int column) => Path.Combine(root, entry[column]);
            int height = sample.Image.Height, width = sample.Image.Width;

            ImageFile.WritePng(File(0), sample.Image, sample.ImageOrder);
            // The layout stores class + 1, with 0 for unlabelled.
            ImageFile.WritePng(File(1), sample.SegmentationPixels(classCount, 0, 1), 1, height, width, ChannelOrder.Gray);
            ImageFile.WritePng(File(2), Array.ConvertAll(sample.Targets[TaskNames.Normal].Pixels, Encoding.PixelFromNormal), 3, height, width, ChannelOrder.Rgb);
            ImageFile.WritePng16(File(3), DepthPixels(sample), height, width);
            ImageFile.WritePng16(File(4), RescaledPixels(sample, TaskNames.Keypoints, Encoding.KeypointScale), height, width);
            ImageFile.WritePng16(File(5), RescaledPixels(sample, TaskNames.Edges, Encoding.EdgeScale), height, width);
            return entry;
        });
        JsonSplitIndex.Write(Path.Combine(root, TaskonomyDataset.IndexFileName), splits);
    }

    private static ushort[] DepthPixels(DatasetWriterSample sample)
    {
        var depth = sample.Targets[TaskNames.Depth];
        var mask = sample.Masks[TaskNames.Depth];
        var pixels = new ushort[depth.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = mask.Pixels[i] >= 0.5f && float.IsFinite(depth.Pixels[i])
                ? Encoding.PixelFromDepthMetres(depth.Pixels[i])
                : Encoding.InvalidDepthPixel;
        return pixels;
    }

    private static ushort[] RescaledPixels(DatasetWriterSample sample, string task, float scale) =>
        Array.ConvertAll(sample.Targets[task].Pixels, v => Encoding.PixelFromRescaled(float.IsFinite(v) ? v : -1f, scale));
}
