using MtlAttack.Core.Tasks;
using static MtlAttack.Core.Tests.Tasks.TaskTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

public class SurfaceNormalTaskTests
{
    private static readonly double Sin10 = Math.Sin(10 * Math.PI / 180), Cos10 = Math.Cos(10 * Math.PI / 180);

    // One 2x2 image, target (0,0,1) everywhere. Predictions: a along the target (length 2): 0 degrees;
    // b (1,0,0): 90; c (1,0,1): 45; d (sin 10, 0, cos 10): 10.
    private static Tensor Predictions() => Of(
        [0, 1, 1, Sin10,
         0, 0, 0, 0,
         2, 0, 1, Cos10],
        1, 3, 2, 2);

    private static Tensor Targets(long n = 1) => cat([zeros(n, 2, 2, 2, dtype: ScalarType.Float64), ones(n, 1, 2, 2, dtype: ScalarType.Float64)], 1);

    private static double LossOfAngle(double degrees) => 1 - Math.Cos(degrees * Math.PI / 180);

    [Fact]
    public void LossIsOneMinusCosineOfNormalisedVectors()
    {
        using var scope = NewDisposeScope();
        var task = new SurfaceNormalTask();
        double expected = (LossOfAngle(0) + LossOfAngle(90) + LossOfAngle(45) + LossOfAngle(10)) / 4;

        Assert.Equal(expected, task.PerSampleLoss(Predictions(), Targets(), Ones(1, 1, 2, 2)).item<double>(), 12);
    }

    [Fact]
    public void MaskedPixelsAndZeroLengthTargetsAreNotScored()
    {
        using var scope = NewDisposeScope();
        var task = new SurfaceNormalTask();
        var targets = Of([0.0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0], 1, 3, 2, 2);
        var maskWithoutB = Of([1f, 0, 1, 1], 1, 1, 2, 2);
        // d's target is now the zero vector: only a and c are scored.
        Assert.Equal((LossOfAngle(0) + LossOfAngle(45)) / 2, task.PerSampleLoss(Predictions(), targets, maskWithoutB).item<double>(), 12);

        var accumulator = task.CreateAccumulator();
        accumulator.Update(Predictions(), targets, maskWithoutB);
        Assert.Equal(22.5, accumulator.Compute()[MetricNames.AngleMean], 9);
        Assert.Equal(2, accumulator.State[0]);
    }

    [Fact]
    public void SampleWithoutScoredPixelHasZeroLoss()
    {
        using var scope = NewDisposeScope();
        var task = new SurfaceNormalTask();
        var predictions = cat([Predictions(), Predictions()], 0).requires_grad_();
        var mask = cat([Ones(1, 1, 2, 2), Zeros(1, 1, 2, 2)], 0);

        var perSample = task.PerSampleLoss(predictions, Targets(2), mask);
        perSample.sum().backward();

        Assert.Equal(0, perSample[1].item<double>());
        Assert.All(Values(predictions.grad![1]), g => Assert.Equal(0, g));
        Assert.Contains(Values(predictions.grad![0]), g => g != 0);
    }

    [Fact]
    public void ZeroPredictionScoresNinetyDegreesAndHasFiniteGradient()
    {
        using var scope = NewDisposeScope();
        var task = new SurfaceNormalTask();
        var prediction = zeros(1, 3, 1, 1, dtype: ScalarType.Float64, requires_grad: true);
        var target = Of([0.0, 0, 1], 1, 3, 1, 1);

        var loss = task.PerSampleLoss(prediction, target, Ones(1, 1, 1, 1));
        loss.sum().backward();
        var accumulator = task.CreateAccumulator();
        accumulator.Update(prediction, target, Ones(1, 1, 1, 1));

        Assert.Equal(1, loss.item<double>(), 12);
        Assert.All(Values(prediction.grad!), g => Assert.True(double.IsFinite(g)));
        Assert.Equal(90, accumulator.Compute()[MetricNames.AngleMean], 9);
    }

    [Fact]
    public void MetricsFromAngles()
    {
        using var scope = NewDisposeScope();
        var accumulator = new SurfaceNormalTask().CreateAccumulator();

        accumulator.Update(Predictions(), Targets(), Ones(1, 1, 2, 2));

        // Angles 0, 90, 45, 10: mean 36.25, median (10 + 45) / 2, half of them within 11.25, 22.5 and 30 degrees.
        var metrics = accumulator.Compute();
        Assert.Equal(36.25, metrics[MetricNames.AngleMean], 4);
        // The middle angles are multiples of 0.01 degree, so the histogram median is the exact one.
        Assert.Equal(27.5, metrics[MetricNames.AngleMedian], 9);
        Assert.Equal(50, metrics[MetricNames.Within11_25], 12);
        Assert.Equal(50, metrics[MetricNames.Within22_5], 12);
        Assert.Equal(50, metrics[MetricNames.Within30], 12);
    }

    [Fact]
    public void WithinThresholdsArePercentagesOfScoredPixels()
    {
        using var scope = NewDisposeScope();
        var accumulator = new SurfaceNormalTask().CreateAccumulator();
        // 20, 25 and 40 degrees from (0,0,1).
        double[] degrees = [20, 25, 40];
        var values = new double[9];
        for (int i = 0; i < 3; i++)
        {
            values[i] = Math.Sin(degrees[i] * Math.PI / 180);
            values[6 + i] = Math.Cos(degrees[i] * Math.PI / 180);
        }

        accumulator.Update(Of(values, 1, 3, 1, 3), cat([zeros(1, 2, 1, 3, dtype: ScalarType.Float64), ones(1, 1, 1, 3, dtype: ScalarType.Float64)], 1), Ones(1, 1, 1, 3));

        var metrics = accumulator.Compute();
        Assert.Equal(0, metrics[MetricNames.Within11_25], 12);
        Assert.Equal(100.0 / 3, metrics[MetricNames.Within22_5], 12);
        Assert.Equal(200.0 / 3, metrics[MetricNames.Within30], 12);
        Assert.Equal(25.0, metrics[MetricNames.AngleMedian], 2);
    }

    [Fact]
    public void MedianIsWithinHalfABinOfTheExactSampleMedian()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        foreach (int pixels in new[] { 1, 2, 999, 1000 })
        {
            var predictions = randn(1, 3, 1, pixels, dtype: ScalarType.Float64, generator: generator);
            var targets = randn(1, 3, 1, pixels, dtype: ScalarType.Float64, generator: generator);
            var accumulator = new SurfaceNormalTask().CreateAccumulator();

            accumulator.Update(predictions, targets, Ones(1, 1, 1, pixels));

            var p = Values(predictions);
            var t = Values(targets);
            var angles = Enumerable.Range(0, pixels).Select(i =>
            {
                double dot = 0, pp = 0, tt = 0;
                for (int c = 0; c < 3; c++)
                {
                    dot += p[c * pixels + i] * t[c * pixels + i];
                    pp += p[c * pixels + i] * p[c * pixels + i];
                    tt += t[c * pixels + i] * t[c * pixels + i];
                }
                return Math.Acos(Math.Clamp(dot / Math.Sqrt(pp * tt), -1, 1)) * 180 / Math.PI;
            }).Order().ToArray();
            double exactMedian = (angles[(pixels - 1) / 2] + angles[pixels / 2]) / 2;

            double tolerance = AngleHistogram.MaxMedianErrorDegrees + 1e-9;
            Assert.InRange(accumulator.Compute()[MetricNames.AngleMedian] - exactMedian, -tolerance, tolerance);
            // Exactly np.median of the angles rounded to 0.01 degree.
            double Rounded(double a) => Math.Floor(a * 100 + 0.5) / 100;
            Assert.Equal((Rounded(angles[(pixels - 1) / 2]) + Rounded(angles[pixels / 2])) / 2, accumulator.Compute()[MetricNames.AngleMedian], 9);
            Assert.Equal(angles.Average(), accumulator.Compute()[MetricNames.AngleMean], 4);
        }
    }

    [Fact]
    public void MergingHalvesGivesExactlyTheWholeBatchStatistics()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var task = new SurfaceNormalTask();
        var predictions = randn(4, 3, 5, 6, generator: generator);
        var targets = nn.functional.normalize(randn(4, 3, 5, 6, generator: generator));
        var mask = rand(4, 1, 5, 6, generator: generator).gt(0.3).to_type(ScalarType.Float32);
        var whole = task.CreateAccumulator();
        var first = task.CreateAccumulator();
        var second = task.CreateAccumulator();

        whole.Update(predictions, targets, mask);
        first.Update(Samples(predictions, 0, 2), Samples(targets, 0, 2), Samples(mask, 0, 2));
        second.Update(Samples(predictions, 2, 2), Samples(targets, 2, 2), Samples(mask, 2, 2));
        second.Merge(first.State);

        Assert.Equal(whole.State, second.State);
        Assert.Equal(whole.Compute(), second.Compute());
    }

    [Fact]
    public void PredictionWithNaNIsRefusedForMetrics()
    {
        using var scope = NewDisposeScope();
        var predictions = Of([double.NaN, 1, 1, Sin10, 0, 0, 0, 0, 2, 0, 1, Cos10], 1, 3, 2, 2);

        var error = Assert.Throws<ArgumentException>(() => new SurfaceNormalTask().CreateAccumulator().Update(predictions, Targets(), Ones(1, 1, 2, 2)));

        Assert.Contains("normal", error.Message);
        Assert.Contains("NaN", error.Message);
    }
}
