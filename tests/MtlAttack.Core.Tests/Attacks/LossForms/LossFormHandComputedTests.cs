using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>
/// One sample of three pixels, two classes, worked by hand: pixel A has softmax (3/4, 1/4) and label 0 (correct, CE
/// ln 4/3), pixel B the same softmax and label 1 (wrong, CE ln 4), pixel C is ignored (label 255) and must count nowhere.
/// </summary>
public class LossFormHandComputedTests
{
    private static readonly SemanticSegmentationTask Task = new(2);

    private static double Loss(PixelLossForm form, int step, int steps)
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { Math.Log(3), Math.Log(3), 5.0, 0, 0, -5.0 }, dtype: ScalarType.Float64).reshape(1, 2, 1, 3);
        var labels = tensor(new[] { 0.0, 1, 255 }, dtype: ScalarType.Float64).reshape(1, 1, 1, 3);
        var mask = ones(1, 1, 1, 3, dtype: ScalarType.Float64);
        return Task.ScaledPerSampleLoss(logits, labels, mask, p => form.Scale(Task, p, targeted: false, step, steps)).item<double>();
    }

    [Fact]
    public void LambdaRisesFromZeroTowardsOneHalf()
    {
        Assert.Equal(0, SegPgdForm.Lambda(1, 10));
        Assert.Equal(0.45, SegPgdForm.Lambda(10, 10), 12);
        Assert.Equal(0.25, SegPgdForm.Lambda(3, 4), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => SegPgdForm.Lambda(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegPgdForm.Lambda(11, 10));
    }

    [Fact]
    public void SegPgdWeighsCorrectPixelsByOneMinusLambdaAndWrongOnesByLambda()
    {
        double correct = Math.Log(4.0 / 3), wrong = Math.Log(4);
        // Step 1 of 2: lambda 0, only the correct pixel counts; the ignored pixel is in neither sum nor count.
        Assert.Equal(correct / 2, Loss(new SegPgdForm(), 1, 2), 12);
        // Step 2 of 2: lambda 1/4.
        Assert.Equal((0.75 * correct + 0.25 * wrong) / 2, Loss(new SegPgdForm(), 2, 2), 12);
    }

    [Fact]
    public void CosPgdScalesEachPixelByTheCosineOfItsSoftmaxAndItsOneHotLabel()
    {
        double norm = Math.Sqrt(0.75 * 0.75 + 0.25 * 0.25);
        double expected = (0.75 / norm * Math.Log(4.0 / 3) + 0.25 / norm * Math.Log(4)) / 2;
        Assert.Equal(expected, Loss(new CosPgdForm(), 1, 1), 12);
    }

    /// <summary>The authors' factor on one channel is 1 (a softmax over one channel), which is why the form refuses such tasks.</summary>
    [Fact]
    public void CosPgdOnAOneChannelRegressionWouldBeTheTasksOwnLossSoItIsRefused()
    {
        Assert.Contains("has one channel", new CosPgdForm().Refusal(TaskNames.Depth));
        Assert.Null(new CosPgdForm().Refusal(TaskNames.Normal));
        using var scope = NewDisposeScope();
        var task = new DepthTask();
        var prediction = tensor(new[] { 1.0, 2, 3, 4 }, dtype: ScalarType.Float64).reshape(1, 1, 2, 2);
        var target = tensor(new[] { 1.5, 2, 0, 1 }, dtype: ScalarType.Float64).reshape(1, 1, 2, 2);
        var mask = ones(1, 1, 2, 2, dtype: ScalarType.Float64);
        double own = task.PerSampleLoss(prediction, target, mask).item<double>();
        Assert.Equal((0.5 + 0 + 3) / 3, own, 12);
        Assert.Equal(own, task.ScaledPerSampleLoss(prediction, target, mask, p => new CosPgdForm().Scale(task, p, false, 1, 1)).item<double>(), 12);
    }
}
