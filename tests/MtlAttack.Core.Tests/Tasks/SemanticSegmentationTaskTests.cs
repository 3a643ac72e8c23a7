using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class SemanticSegmentationTaskTests
{
    private static readonly float Ln3 = MathF.Log(3);

    // Pixels a, b / c, d of one 2x2 image, two classes. Logit (ln 3, 0) gives p = (3/4, 1/4); (0, ln 3) gives (1/4, 3/4).
    private static Tensor Logits() => Of(
        [Ln3, 0, Ln3, 0,     // class 0 logits of a, b, c, d
         0, Ln3, 0, Ln3],    // class 1 logits
        1, 2, 2, 2);

    // a: class 0 (predicted 0), b: class 1 (predicted 1), c: class 1 (predicted 0), d: ignored.
    private static Tensor Labels() => Of([0f, 1, 1, 255], 1, 1, 2, 2);

    [Fact]
    public void LossIsMeanNegativeLogLikelihoodOverScoredPixels()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        double expected = (2 * Math.Log(4.0 / 3) + Math.Log(4)) / 3;

        Assert.Equal(expected, task.PerSampleLoss(Logits(), Labels(), Ones(1, 1, 2, 2)).item<float>(), 5);
    }

    [Fact]
    public void MaskedPixelsAreNotScored()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var maskWithoutA = Of([0f, 1, 1, 1], 1, 1, 2, 2);

        Assert.Equal((Math.Log(4.0 / 3) + Math.Log(4)) / 2, task.PerSampleLoss(Logits(), Labels(), maskWithoutA).item<float>(), 5);
    }

    [Fact]
    public void ClassWeightsGiveWeightedMeanLikePyTorch()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2, [1f, 3f]);
        // a weighs 1, b and c weigh 3: (1 ln(4/3) + 3 ln(4/3) + 3 ln 4) / (1 + 3 + 3).
        double expected = (4 * Math.Log(4.0 / 3) + 3 * Math.Log(4)) / 7;

        Assert.Equal(expected, task.PerSampleLoss(Logits(), Labels(), Ones(1, 1, 2, 2)).item<float>(), 5);

        var pytorch = nn.functional.cross_entropy(
            Logits(), Labels().squeeze(1).to_type(ScalarType.Int64), weight: tensor(new[] { 1f, 3f }), ignore_index: 255);
        Assert.Equal(pytorch.item<float>(), task.PerSampleLoss(Logits(), Labels(), Ones(1, 1, 2, 2)).item<float>(), 5);
    }

    [Fact]
    public void SampleWithoutScoredPixelHasZeroLossAndBatchLossIsMeanOfSamples()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var logits = cat([Logits(), Logits()], 0);
        var labels = cat([Labels(), Of([255f, 255, 0, 1], 1, 1, 2, 2)], 0);
        var mask = cat([Ones(1, 1, 2, 2), Of([1f, 1, 0, 0], 1, 1, 2, 2)], 0);   // sample 2: every pixel ignored or masked
        double first = (2 * Math.Log(4.0 / 3) + Math.Log(4)) / 3;

        var perSample = Values(task.PerSampleLoss(logits, labels, mask));

        Assert.Equal([first, 0], perSample, (x, y) => Math.Abs(x - y) < 1e-5);
        Assert.Equal(first / 2, task.Loss(logits, labels, mask).item<float>(), 5);
    }

    [Fact]
    public void SampleWhoseScoredPixelsAllWeighZeroHasZeroLossAndFiniteGradient()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2, [0f, 1f]);
        var logits = Logits().requires_grad_();
        var onlyClassZero = Of([0f, 0, 0, 0], 1, 1, 2, 2);

        var loss = task.PerSampleLoss(logits, onlyClassZero, Ones(1, 1, 2, 2));
        loss.sum().backward();

        Assert.Equal(0, loss.item<float>());
        Assert.All(Values(logits.grad!), g => Assert.Equal(0, g));
    }

    [Fact]
    public void LossGradientReachesScoredPixelsOnly()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var logits = Logits().requires_grad_();

        task.PerSampleLoss(logits, Labels(), Ones(1, 1, 2, 2)).sum().backward();

        var grad = Values(logits.grad!);
        // d/dz of mean NLL = (softmax - onehot) / 3 at scored pixels; pixel a, class 0: (3/4 - 1) / 3.
        Assert.Equal(-0.25 / 3, grad[0], 5);
        Assert.Equal(0, grad[3]);   // d is ignored
        Assert.Equal(0, grad[7]);
    }

    [Fact]
    public void MetricsFromConfusionMatrix()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var accumulator = (SegmentationAccumulator)task.CreateAccumulator();

        accumulator.Update(Logits(), Labels(), Ones(1, 1, 2, 2));

        // Confusion (rows target, columns predicted): [[1, 0], [1, 1]]. IoU0 = 1/2, IoU1 = 1/2.
        Assert.Equal([1.0, 0, 1, 1], accumulator.State);
        var metrics = accumulator.Compute();
        Assert.Equal(0.5, metrics[MetricNames.MeanIoU], 12);
        Assert.Equal(2.0 / 3, metrics[MetricNames.PixelAccuracy], 12);
    }

    [Fact]
    public void MeanIoUSkipsClassesAbsentFromTargetsAndPredictions()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(3);
        // Class 2 never predicted (logit far below) and never a label.
        var logits = cat([Logits(), full(1, 1, 2, 2, -10f)], 1);
        var accumulator = task.CreateAccumulator();

        accumulator.Update(logits, Labels(), Ones(1, 1, 2, 2));

        Assert.Equal(0.5, accumulator.Compute()[MetricNames.MeanIoU], 12);
    }

    [Fact]
    public void ClassPredictedButNeverPresentCountsAsZeroIoU()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var accumulator = task.CreateAccumulator();

        // Both pixels are class 0; one is predicted as class 1. IoU0 = 1/2, IoU1 = 0/1.
        accumulator.Update(Of([1f, 0, 0, 1], 1, 2, 1, 2), Of([0f, 0], 1, 1, 1, 2), Ones(1, 1, 1, 2));

        Assert.Equal(0.25, accumulator.Compute()[MetricNames.MeanIoU], 12);
        Assert.Equal(0.5, accumulator.Compute()[MetricNames.PixelAccuracy], 12);
    }

    [Fact]
    public void MetricsAreNaNBeforeAnyScoredPixel()
    {
        using var scope = NewDisposeScope();
        var accumulator = new SemanticSegmentationTask(2).CreateAccumulator();

        accumulator.Update(Logits(), Labels(), Zeros(1, 1, 2, 2));

        Assert.All(accumulator.Compute().Values, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void MergingHalvesGivesExactlyTheWholeBatchStatistics()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var task = new SemanticSegmentationTask(5);
        var logits = randn(4, 5, 6, 7, generator: generator);
        var labels = randint(0, 5, [4, 1, 6, 7], generator: generator).to_type(ScalarType.Float32).masked_fill(rand(4, 1, 6, 7, generator: generator).lt(0.1), 255);
        var mask = rand(4, 1, 6, 7, generator: generator).gt(0.2).to_type(ScalarType.Float32);
        var whole = task.CreateAccumulator();
        var first = task.CreateAccumulator();
        var second = task.CreateAccumulator();

        whole.Update(logits, labels, mask);
        first.Update(Samples(logits, 0, 1), Samples(labels, 0, 1), Samples(mask, 0, 1));
        second.Update(Samples(logits, 1, 3), Samples(labels, 1, 3), Samples(mask, 1, 3));
        first.Merge(second.State);

        Assert.Equal(whole.State, first.State);
        Assert.Equal(whole.Compute(), first.Compute());
    }

    [Fact]
    public void LabelOutsideTheClassesIsRefusedWithTheLabel()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);
        var labels = Of([0f, 1, 2, 255], 1, 1, 2, 2);

        var loss = Assert.Throws<ArgumentException>(() => task.PerSampleLoss(Logits(), labels, Ones(1, 1, 2, 2)));
        var metrics = Assert.Throws<ArgumentException>(() => task.CreateAccumulator().Update(Logits(), labels, Ones(1, 1, 2, 2)));

        Assert.Contains("label 2", loss.Message);
        Assert.Contains("0..1", loss.Message);
        Assert.Equal(loss.Message, metrics.Message);
    }

    [Fact]
    public void OutOfRangeLabelUnderTheMaskIsNotAnError()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);

        var loss = task.PerSampleLoss(Logits(), Of([0f, 1, 1, 7], 1, 1, 2, 2), Of([1f, 1, 1, 0], 1, 1, 2, 2));

        Assert.Equal((2 * Math.Log(4.0 / 3) + Math.Log(4)) / 3, loss.item<float>(), 5);
    }

    [Fact]
    public void ClassWeightsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new SemanticSegmentationTask(3, [1f, 2f]));
        Assert.Throws<ArgumentException>(() => new SemanticSegmentationTask(2, [1f, -1f]));
        Assert.Throws<ArgumentException>(() => new SemanticSegmentationTask(2, [1f, float.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SemanticSegmentationTask(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SemanticSegmentationTask(256));
    }

    [Fact]
    public void IntegerLabelsAreAccepted()
    {
        using var scope = NewDisposeScope();
        var task = new SemanticSegmentationTask(2);

        var loss = task.PerSampleLoss(Logits(), Labels().to_type(ScalarType.Int64), Ones(1, 1, 2, 2));

        Assert.Equal((2 * Math.Log(4.0 / 3) + Math.Log(4)) / 3, loss.item<float>(), 5);
    }

    [Fact]
    public void StatisticsOfDifferentConfigurationsDoNotMerge()
    {
        var three = new SemanticSegmentationTask(3).CreateAccumulator();
        var four = new SemanticSegmentationTask(4).CreateAccumulator();

        Assert.Throws<ArgumentException>(() => three.Merge(four.State));
    }
}
