using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// A dense regression scored by masked L1: <c>keypoints2d</c> and <c>edge_texture</c> (Taskonomy), or any other
/// task of that kind. Loss: mean |p - t| over a sample's masked pixels and channels. Metric: mean absolute error.
/// </summary>
public sealed class MaskedL1Task : VisionTask
{
    private static readonly IReadOnlyList<MetricDefinition> MetricList = [new(MetricNames.MeanAbsErr, MetricGoal.LowerIsBetter)];

    public MaskedL1Task(string name, int channels = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{name}: a task needs at least one channel.");
        Name = name;
        OutputChannels = channels;
    }

    public static MaskedL1Task Keypoints() => new(TaskNames.Keypoints);
    public static MaskedL1Task EdgeTexture() => new(TaskNames.Edges);

    public override string Name { get; }
    public override int OutputChannels { get; }
    public override int TargetChannels => OutputChannels;
    public override IReadOnlyList<MetricDefinition> Metrics => MetricList;

    public override PixelLosses LossPerPixel(Tensor prediction, Tensor target, Tensor mask)
    {
        var aligned = AlignedPrediction(prediction, target, mask);
        var reference = target.to_type(aligned.dtype);
        var weights = ValidPixels.FromMask(mask).to_type(aligned.dtype);
        return new PixelLosses((aligned - reference).abs(), weights, aligned, reference);
    }

    public override MetricAccumulator CreateAccumulator() => new MeanAbsErrorAccumulator(this);
}
