using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks.Reference;

/// <summary>
/// The reference protocol's losses against make_reference.py: at the prediction's resolution with labels and masks
/// nearest-downsampled, per sample and batch-pooled, and the total-loss attack's sum of batch-pooled means.
/// </summary>
public class ReferenceLossTests
{
    [Theory]
    [InlineData("nyuv2")]
    [InlineData("taskonomy")]
    public void PerSampleAndPooledLossesAreAtThePredictionsResolution(string convention)
    {
        var fixture = ReferenceFixtures.Load(convention);
        foreach (var task in fixture.WrappedTasks(convention))
            for (int b = 0; b < fixture.BatchCount; b++)
            {
                using var scope = NewDisposeScope();
                var (prediction, target, mask) = fixture.Batch(b, task.Name);
                var expected = fixture.PerSampleLoss(task.Name, b);
                var perSample = task.PerSampleLoss(prediction, target, mask);
                Assert.True(allclose(expected, perSample, rtol: 1e-10, atol: 1e-12), $"{convention} {task.Name} batch {b}: {string.Join(", ", perSample.data<double>().ToArray())} vs {string.Join(", ", expected.data<double>().ToArray())}");
                Assert.Equal(fixture.PooledLoss(task.Name, b), task.BatchPooledShares(prediction, target, mask).mean().item<double>(), 10);
            }
    }

    [Fact]
    public void OursUpsamplesThePredictionSoItsLossDiffers()
    {
        var fixture = ReferenceFixtures.Load("nyuv2");
        var reference = (ReferenceTask)fixture.WrappedTasks("nyuv2").Single(t => t.Name == TaskNames.Depth);
        var (prediction, target, mask) = fixture.Batch(0, TaskNames.Depth);
        var difference = (reference.PerSampleLoss(prediction, target, mask) - reference.Inner.PerSampleLoss(prediction, target, mask)).abs().max().item<double>();
        Assert.True(difference > 1e-3, $"the two protocols' depth losses differ by only {difference}");
    }

    [Theory]
    [InlineData("nyuv2")]
    [InlineData("taskonomy")]
    public void TotalLossSumsBatchPooledMeans(string convention)
    {
        var fixture = ReferenceFixtures.Load(convention);
        var tasks = fixture.WrappedTasks(convention);
        for (int b = 0; b < fixture.BatchCount; b++)
        {
            using var scope = NewDisposeScope();
            var entries = stack(tasks.Select(t =>
            {
                var (prediction, target, mask) = fixture.Batch(b, t.Name);
                return t.BatchPooledShares(prediction, target, mask);
            }).ToArray());
            // The total-loss objective sums the tasks' entries per sample; their batch mean is the reference's scalar.
            Assert.Equal(fixture.TotalPooled(b), entries.sum(dim: 0).mean().item<double>(), 10);
        }
    }

    [Fact]
    public void PooledSharesWeighSamplesByTheirScoredPixels()
    {
        // Sample 0 has 3 scored pixels of error 1, sample 1 one pixel of error 5: pooled mean (3 + 5) / 4 = 2; entries 2 * 3/4, 2 * 5/4.
        var task = new MaskedL1Task("keypoints2d");
        var prediction = tensor(new double[] { 1, 1, 1, 0, 5, 0, 0, 0 }, dtype: ScalarType.Float64).reshape(2, 1, 2, 2);
        var target = zeros_like(prediction);
        var mask = tensor(new double[] { 1, 1, 1, 0, 1, 0, 0, 0 }, dtype: ScalarType.Float64).reshape(2, 1, 2, 2);
        var shares = task.BatchPooledShares(prediction, target, mask);
        Assert.Equal(new[] { 1.5, 2.5 }, shares.data<double>().ToArray());
        Assert.Equal(new[] { 1.0, 5.0 }, task.PerSampleLoss(prediction, target, mask).data<double>().ToArray());
    }
}
