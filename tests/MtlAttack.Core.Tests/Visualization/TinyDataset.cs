using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Core.Tests.Visualization;

/// <summary>
/// A 2x3 BGR image whose every target pixel is known, so a test can say which colour each rendered pixel must have.
/// Pixel (row 0, column 0) is masked out in every task.
/// </summary>
internal sealed class TinyDataset : IMultiTaskDataset
{
    public const int H = 2, W = 3;

    public string Description => "tiny";
    public IReadOnlyList<VisionTask> Tasks { get; } =
        TaskNames.Taskonomy.Select(t => VisionTaskFactory.Create(t, segmentationClasses: 3)).ToList();
    public ImageNormalization Normalization => ImageNormalization.NyuV2;
    public int Height => H;
    public int Width => W;
    public IReadOnlyList<string> Splits { get; } = ["test"];
    public int Count(string split) => 1;

    public MultiTaskSample Load(string split, int index)
    {
        // BGR: channel 2 is red. Pixel (0,1) is pure red, everything else mid gray.
        var image = torch.full(3, H, W, 128f);
        image[0, 0, 1] = 0f; image[1, 0, 1] = 0f; image[2, 0, 1] = 255f;
        var mask = torch.ones(1, H, W);
        mask[0, 0, 0] = 0f;

        var targets = new Dictionary<string, torch.Tensor>
        {
            [TaskNames.SegmentSemantic] = torch.tensor(new float[] { 0, 1, 2, 255, 1, 0 }).reshape(1, H, W),
            [TaskNames.Depth] = torch.tensor(new float[] { 99, 1, 2, 3, 4, 5 }).reshape(1, H, W),
            [TaskNames.Normal] = torch.stack([torch.zeros(H, W), torch.zeros(H, W), torch.ones(H, W)]),
            [TaskNames.Edges] = torch.tensor(new float[] { 0, 0, 1, 0, 0, 0 }).reshape(1, H, W),
            [TaskNames.Keypoints] = torch.tensor(new float[] { 0, 0, 0, 0, 0, 7 }).reshape(1, H, W),
        };
        var masks = targets.Keys.ToDictionary(k => k, _ => mask.clone());
        mask.Dispose();
        return new MultiTaskSample(image, targets, masks);
    }
}
