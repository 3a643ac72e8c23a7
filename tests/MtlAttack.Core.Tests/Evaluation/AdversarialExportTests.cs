using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>The exported examples are the very images the evaluation measured, random starts included.</summary>
public sealed class AdversarialExportTests : IDisposable
{
    private readonly SyntheticScenes dataset = new(new SyntheticSceneOptions { Count = 20, Size = 16, Seed = 4 });
    private readonly MultiTaskNetwork network;
    private readonly RobustnessEvaluator evaluator;

    public AdversarialExportTests()
    {
        var spec = ModelSpec.Create(BackboneCatalog.CpuDefault, Layout.FullyShared(3, 5), dataset.Tasks, dataset.Normalization, 16, 16);
        network = MultiTaskNetwork.Create(spec, seed: 2);
        network.eval();
        var target = new AttackTarget(network.forward, dataset.Tasks, PixelBounds.From(dataset.Normalization));
        var settings = new EvaluationSettings
        {
            Algorithms = ["pgd"], Objectives = ["dgba"], Epsilons = [4], Steps = 2, RandomStart = true, BatchSize = 3, MaxSamples = 4, Seed = 9,
        };
        evaluator = new RobustnessEvaluator(target, dataset, settings);
    }

    [Fact]
    public void Measuring_the_exported_images_gives_the_evaluations_statistics_batch_by_batch()
    {
        var cell = evaluator.Cells.Single();
        using var scope = NewDisposeScope();
        Assert.Equal(4, AdversarialExport.Available(evaluator, dataset, 10)); // the test split has 4 scenes
        using var examples = AdversarialExport.Collect(evaluator, cell, 4, dataset.Normalization);
        Assert.Equal(new long[] { 4, 3, 16, 16 }, examples.Adversarial.shape);
        var mean = tensor(dataset.Normalization.Mean.Select(m => (float)m).ToArray()).reshape(1, 3, 1, 1);

        for (int b = 0; b < evaluator.BatchCount; b++)
        {
            using var batch = evaluator.LoadBatch(b);
            var exported = examples.Adversarial.narrow(0, b * 3, batch.Count) - mean;
            var measured = evaluator.Measure(batch, exported);
            var evaluated = evaluator.EvaluateBatch(cell, b);
            foreach (var task in dataset.Tasks.Select(t => t.Name))
            {
                Assert.Equal(evaluated.Tasks[task].LossSum, measured.Tasks[task].LossSum, 3);
                // Adding the mean and taking it off again rounds in the last float bit; allow one pixel to change bins.
                var expected = evaluated.Tasks[task].MetricState;
                var actual = measured.Tasks[task].MetricState;
                Assert.Equal(expected.Length, actual.Length);
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1 + 1e-6 * Math.Abs(expected[i]), $"{task} statistic {i}: {expected[i]} vs {actual[i]}");
            }
        }
    }

    [Fact]
    public void Clean_images_are_the_dataset_pixels_and_adversarial_ones_stay_within_the_budget()
    {
        var cell = evaluator.Cells.Single();
        using var scope = NewDisposeScope();
        using var examples = AdversarialExport.Collect(evaluator, cell, 2, dataset.Normalization);
        using var sample = dataset.Load("test", 1);

        Assert.True(examples.Clean[1].allclose(sample.Image.to_type(ScalarType.Float32), rtol: 0, atol: 1e-3));
        double distance = (examples.Adversarial - examples.Clean).abs().max().item<float>();
        Assert.InRange(distance, 1, 4 + 1e-3);
        Assert.Equal(2, examples.Predictions["normal"].shape[0]);
    }

    public void Dispose() => network.Dispose();
}
