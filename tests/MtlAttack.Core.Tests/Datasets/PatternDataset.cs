using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Tests.Datasets;

/// <summary>
/// A deterministic in-memory dataset for fixtures: every sample is a function of (split, index), with integer 0..255
/// images, labels in 0..K-1 with a few ignored pixels, unit normals, positive depth with a hole, keypoints in [0,1], binary edges.
/// </summary>
internal sealed class PatternDataset : IMultiTaskDataset
{
    public PatternDataset(IReadOnlyList<string> tasks, int height = 6, int width = 5, int classCount = 5,
        ImageNormalization? normalization = null, int trainCount = 3, int testCount = 2, float[]? classWeights = null,
        int? loaderHeight = null, int? loaderWidth = null, float[]? fixedNormal = null)
    {
        _fixedNormal = fixedNormal;
        SampleHeight = height;
        SampleWidth = width;
        ClassCount = classCount;
        Tasks = tasks.Select(t => VisionTaskFactory.Create(t, classCount, classWeights)).ToArray();
        Normalization = normalization ?? ImageNormalization.NyuV2;
        _counts = new Dictionary<string, int> { ["train"] = trainCount, ["test"] = testCount };
        Height = loaderHeight ?? height;
        Width = loaderWidth ?? width;
    }

    private readonly Dictionary<string, int> _counts;
    private readonly float[]? _fixedNormal;

    public int SampleHeight { get; }
    public int SampleWidth { get; }
    public int ClassCount { get; }
    public string Description => "pattern";
    public IReadOnlyList<VisionTask> Tasks { get; }
    public ImageNormalization Normalization { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> Splits => ["train", "test"];
    public int Count(string split) => _counts[split];

    public MultiTaskSample Load(string split, int index)
    {
        int h = SampleHeight, w = SampleWidth, plane = h * w;
        int salt = index + (split == "test" ? 100 : 0);
        var image = new float[3 * plane];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
                image[c * plane + p] = (c * 61 + p * 7 + salt * 13) % 256;

        var targets = new Dictionary<string, torch.Tensor>();
        var masks = new Dictionary<string, torch.Tensor>();
        foreach (var task in Tasks.Select(t => t.Name))
        {
            var mask = Enumerable.Repeat(1f, plane).ToArray();
            float[] target;
            switch (task)
            {
                case TaskNames.SegmentSemantic:
                    target = Enumerable.Range(0, plane).Select(p => (float)((p + salt) % ClassCount)).ToArray();
                    target[0] = TaskNames.IgnoreLabel;
                    mask[0] = 0f;
                    break;
                case TaskNames.Normal:
                    target = new float[3 * plane];
                    for (int p = 0; p < plane; p++)
                    {
                        double x = _fixedNormal?[0] ?? Math.Sin(p + salt), y = _fixedNormal?[1] ?? Math.Cos(0.7 * p), z = _fixedNormal?[2] ?? 1.0;
                        double length = Math.Sqrt(x * x + y * y + z * z);
                        target[p] = (float)(x / length);
                        target[plane + p] = (float)(y / length);
                        target[2 * plane + p] = (float)(z / length);
                    }
                    mask[1] = 0f;
                    target[1] = target[plane + 1] = target[2 * plane + 1] = 0f;
                    break;
                case TaskNames.Depth:
                    target = Enumerable.Range(0, plane).Select(p => 0.5f + p * 0.37f + salt).ToArray();
                    mask[2] = 0f;
                    target[2] = 0f;
                    break;
                case TaskNames.Keypoints:
                    target = Enumerable.Range(0, plane).Select(p => ((p * 3 + salt) % 5) / 4f).ToArray();
                    break;
                default:
                    target = Enumerable.Range(0, plane).Select(p => (p + salt) % 3 == 0 ? 1f : 0f).ToArray();
                    break;
            }
            int channels = task == TaskNames.Normal ? 3 : 1;
            targets[task] = torch.tensor(target, [channels, h, w]);
            masks[task] = torch.tensor(mask, [1, h, w]);
        }
        return new MultiTaskSample(torch.tensor(image, [3, h, w]), targets, masks);
    }

    /// <summary>The sample's parts as flat arrays, for comparisons.</summary>
    public (float[] Image, Dictionary<string, float[]> Targets, Dictionary<string, float[]> Masks) Arrays(string split, int index)
    {
        using var sample = Load(split, index);
        return Flatten(sample);
    }

    public static (float[] Image, Dictionary<string, float[]> Targets, Dictionary<string, float[]> Masks) Flatten(MultiTaskSample sample) =>
        (sample.Image.data<float>().ToArray(),
         sample.Targets.ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().data<float>().ToArray()),
         sample.Masks.ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().data<float>().ToArray()));
}
