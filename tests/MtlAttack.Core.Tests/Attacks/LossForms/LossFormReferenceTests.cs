using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Attacks.Targets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>
/// The loss forms and goals against PyTorch 1.13's values of the published formulas (make_loss_forms.py): per-sample
/// losses and their gradients with respect to the prediction, in float64, to 1e-9.
/// </summary>
public class LossFormReferenceTests
{
    private const double Tolerance = 1e-9;
    private static readonly LossFormFixtures Fixtures = LossFormFixtures.Load();
    private static readonly SemanticSegmentationTask Segmentation = new(4);

    private static Tensor AllScored(Tensor like) => ones(like.shape[0], 1, like.shape[2], like.shape[3], dtype: ScalarType.Float64);

    /// <summary>The form's per-sample loss and its gradient with respect to the prediction.</summary>
    private static (Tensor Loss, Tensor Gradient) Formed(VisionTask task, PixelLossForm form, Tensor prediction, Tensor reference, bool targeted, int step, int steps)
    {
        var input = prediction.detach().requires_grad_(true);
        var loss = task.ScaledPerSampleLoss(input, reference, AllScored(reference), pixels => form.Scale(task, pixels, targeted, step, steps));
        var gradient = autograd.grad([loss.sum()], [input])[0];
        return (loss.detach(), gradient);
    }

    private static void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double difference = (expected - actual).abs().max().item<double>();
        Assert.True(difference < Tolerance, $"{what}: largest difference {difference:E2} (expected {string.Join(", ", expected.flatten().data<double>().ToArray().Take(4))}...)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SegPgdMatchesThePublishedSplitAtEveryStep(bool targeted)
    {
        using var scope = NewDisposeScope();
        var logits = Fixtures.Tensor("logits");
        var labels = Fixtures.Tensor("labels");
        var reference = targeted ? ClassGoal.To(TaskNames.SegmentSemantic, 2).Goal(Segmentation, labels, AllScored(labels)) : labels;
        for (int t = 1; t <= Fixtures.Steps; t++)
        {
            var (expectedLoss, expectedGradient) = Fixtures.SegPgd(t, targeted);
            var (loss, gradient) = Formed(Segmentation, new SegPgdForm(), logits, reference, targeted, t, Fixtures.Steps);
            Close(expectedLoss, loss, $"segpgd loss, step {t}");
            Close(expectedGradient, gradient, $"segpgd gradient, step {t}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CosPgdMatchesThePublishedScalingForSegmentationNormalsAndDepth(bool targeted)
    {
        using var scope = NewDisposeScope();
        string name = targeted ? "targeted" : "untargeted";
        var form = new CosPgdForm();
        var labels = Fixtures.Tensor("labels");
        var segmentationReference = targeted ? ClassGoal.To(TaskNames.SegmentSemantic, 2).Goal(Segmentation, labels, AllScored(labels)) : labels;
        var (loss, gradient) = Formed(Segmentation, form, Fixtures.Tensor("logits"), segmentationReference, targeted, 1, 1);
        Close(Fixtures.Case($"cospgd.segment_semantic.{name}", "loss"), loss, "cospgd segmentation loss");
        Close(Fixtures.Case($"cospgd.segment_semantic.{name}", "gradient"), gradient, "cospgd segmentation gradient");

        (loss, gradient) = Formed(new SurfaceNormalTask(), form, Fixtures.Tensor("normal_prediction"), Fixtures.Tensor("normal_target"), targeted, 1, 1);
        Close(Fixtures.Case($"cospgd.normal.{name}", "loss"), loss, "cospgd normal loss");
        Close(Fixtures.Case($"cospgd.normal.{name}", "gradient"), gradient, "cospgd normal gradient");

        (loss, _) = Formed(new DepthTask(), form, Fixtures.Tensor("depth_prediction"), Fixtures.Tensor("depth_target"), targeted, 1, 1);
        Close(Fixtures.Case($"cospgd.depth_zbuffer.{name}", "loss"), loss, "cospgd depth loss");
    }

    [Theory]
    [InlineData("segment_semantic=class:2", "logits", "labels")]
    [InlineData("segment_semantic=shift:1", "logits", "labels")]
    [InlineData("depth_zbuffer=scale:2", "depth_prediction", "depth_target")]
    [InlineData("depth_zbuffer=shift:0.5", "depth_prediction", "depth_target")]
    [InlineData("normal=rotate:z:30", "normal_prediction", "normal_target")]
    public void GoalsAndTheTaskLossToThemMatchTheReference(string text, string prediction, string groundTruth)
    {
        using var scope = NewDisposeScope();
        var goal = TargetGoals.Parse(text, "dgba+target(" + text + ")", TaskNames.NyuV2).Single();
        VisionTask task = goal.Task switch
        {
            TaskNames.SegmentSemantic => Segmentation,
            TaskNames.Depth => new DepthTask(),
            _ => new SurfaceNormalTask(),
        };
        var truth = Fixtures.Tensor(groundTruth);
        var map = goal.Goal(task, truth, AllScored(truth));
        Close(Fixtures.Case("goal." + text, "goal"), map, $"{text} goal");
        Close(Fixtures.Case("goal." + text, "loss"), task.PerSampleLoss(Fixtures.Tensor(prediction), map, AllScored(truth)), $"{text} loss");
        Assert.Equal(text, goal.ToString());
    }
}
