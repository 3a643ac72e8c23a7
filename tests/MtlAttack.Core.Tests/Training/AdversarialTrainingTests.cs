using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Training;

public sealed class AdversarialTrainingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("pgd", "total", 0.5, 2)]
    [InlineData("pgd", "dgba", 1.0, 4)]
    [InlineData("fgsm", "total", 0.25, 1)]
    public void MixingAttacksTheFirstSamplesWithinEpsilonAndLeavesTheRest(string algorithm, string objective, double ratio, int attacked)
    {
        using var scope = NewDisposeScope();
        var dataset = TinyTraining.Dataset();
        var options = TinyTraining.Options(temp.Path) with { Adversarial = algorithm, AdvObjective = objective, AdvEpsilon = 6, AdvSteps = 3, AdvRatio = ratio };
        var trainer = new MultiTaskTrainer(options, dataset);
        using var network = MultiTaskNetwork.Create(trainer.Spec, seed: 2);
        var target = NetworkAttackTarget.Create(network, dataset.Tasks);
        var mixer = AdversarialBatchMixer.FromOptions(options, network.TaskNames);
        using var batch = new MultiTaskLoader(dataset, "train", 4, shuffle: true, augment: false, seed: 1).LoadBatch(0, 0);

        network.train();
        var mixed = mixer.Mix(network, target, batch, seed: 9);

        Assert.True(network.training, "the mixer must hand the network back in train mode");
        Assert.Equal(attacked, mixer.AttackedCount(batch.Count));
        Assert.Equal(batch.Images.shape, mixed.shape);
        Assert.False(mixed.requires_grad);
        var change = (mixed - batch.Images).abs().amax([1, 2, 3]);
        var changes = change.data<float>().ToArray();
        Assert.All(changes, c => Assert.True(c <= 6 + 1e-3, $"perturbation {c} exceeds epsilon 6"));
        Assert.All(changes.Take(attacked), c => Assert.True(c > 1, "attacked samples should move"));
        Assert.All(changes.Skip(attacked), c => Assert.Equal(0, c));
        var (low, high) = PixelBounds.From(dataset.Normalization).AsTensors(mixed.device, mixed.dtype);
        Assert.True(mixed.ge(low - 1e-4).logical_and(mixed.le(high + 1e-4)).all().item<bool>(), "mixed images leave the pixel range");
    }

    [Fact]
    public void TheAttackTargetUsesTheNetworksNormalisationAndTasks()
    {
        var dataset = TinyTraining.Dataset();
        using var network = MultiTaskNetwork.Create(new MultiTaskTrainer(TinyTraining.Options(temp.Path), dataset).Spec, seed: 2);
        var target = NetworkAttackTarget.Create(network, dataset.Tasks);
        Assert.Equal(-ImageNormalization.NyuV2.Mean[0], target.Bounds.Min[0], 9);
        Assert.Equal(255 - ImageNormalization.NyuV2.Mean[2], target.Bounds.Max[2], 9);
        Assert.Equal(network.TaskNames, target.Tasks.Select(t => t.Name));

        var other = TinyTraining.Dataset();
        var keypoints = Core.Tasks.VisionTaskFactory.Create(Core.Tasks.TaskNames.Keypoints);
        Assert.Contains("keypoints2d", Assert.Throws<ArgumentException>(() => NetworkAttackTarget.Create(network, [keypoints])).Message);
    }

    [Fact]
    public void AdversarialTrainingRunsRepeatsBySeedAndRecordsItsSettings()
    {
        var dataset = TinyTraining.Dataset();
        TrainingOptions Options(string name) => TinyTraining.Options(Path.Combine(temp.Path, name)) with
        {
            Epochs = 2,
            Adversarial = "pgd",
            AdvObjective = "dgba",
            AdvEpsilon = 4,
            AdvSteps = 2,
            AdvRandomStart = true,
            AdvRatio = 0.5,
        };
        var first = new MultiTaskTrainer(Options("a"), dataset).Run();
        var second = new MultiTaskTrainer(Options("b"), dataset).Run();

        Assert.All(first.History, e => Assert.True(double.IsFinite(e.TrainLoss)));
        Assert.Equal(first.History.Select(e => e.TrainLoss), second.History.Select(e => e.TrainLoss));
        var a = TinyTraining.Weights(first.LastDirectory);
        var b = TinyTraining.Weights(second.LastDirectory);
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));

        using var network = MultiTaskNetwork.Load(first.BestDirectory);
        var provenance = network.Spec.Provenance;
        Assert.Equal("pgd", provenance["adversarial"]);
        Assert.Equal("dgba", provenance["adv_objective"]);
        Assert.Equal("4", provenance["adv_epsilon"]);
        Assert.Equal("2", provenance["adv_steps"]);
        Assert.Equal("0.5", provenance["adv_ratio"]);
        Assert.Equal("true", provenance["adv_random_start"]);
    }

    [Fact]
    public void ADifferentSeedGivesDifferentAdversarialTraining()
    {
        var dataset = TinyTraining.Dataset();
        TrainingOptions Options(string name, int seed) => TinyTraining.Options(Path.Combine(temp.Path, name)) with
        {
            Epochs = 1, Seed = seed, Adversarial = "pgd", AdvSteps = 1, AdvRandomStart = true,
        };
        var first = new MultiTaskTrainer(Options("a", 1), dataset).Run();
        var second = new MultiTaskTrainer(Options("b", 2), dataset).Run();
        Assert.NotEqual(first.History[0].TrainLoss, second.History[0].TrainLoss);
    }
}
