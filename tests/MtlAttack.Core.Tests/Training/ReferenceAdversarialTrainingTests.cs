using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Training;

/// <summary>The reference protocol of adversarial training: per batch a clean step, then a step on the whole batch attacked.</summary>
public sealed class ReferenceAdversarialTrainingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private TrainingOptions ReferenceOptions(string name, int seed = 5, int epochs = 2) => TinyTraining.Options(Path.Combine(temp.Path, name)) with
    {
        Epochs = epochs,
        Seed = seed,
        Adversarial = "pgd",
        AdvProtocol = AdversarialProtocols.Reference,
        AdvEpsilon = 8,
        AdvSteps = 2,
    };

    [Fact]
    public void OneBatchIsACleanStepThenAStepOnTheWholeBatchAttackedWithTheUpdatedWeights()
    {
        var dataset = TinyTraining.Dataset();
        var options = ReferenceOptions("step");
        var trainer = new MultiTaskTrainer(options, dataset);
        using var batch = new MultiTaskLoader(dataset, "train", 4, shuffle: true, augment: false, seed: 1).LoadBatch(0, 0);

        // The protocol under test.
        var (underTest, reportedLosses) = Train(trainer, options, net => new TrainingStep(net.Network, net.Optimizer, trainer.Tasks,
            AdversarialBatchMixer.FromOptions(options, trainer.Tasks.Names), net.Target, referenceProtocol: true).Run(batch, attackSeed: 11));

        // The same sequence spelled out: a plain step on the clean images, then the attack (ratio 1, eval mode) with the
        // weights that step left, then a plain step on the attacked images.
        double[] clean = [], adversarial = [];
        var (byHand, _) = Train(trainer, options, net =>
        {
            var plain = new TrainingStep(net.Network, net.Optimizer, trainer.Tasks, mixer: null, attackTarget: null);
            clean = plain.Run(batch, attackSeed: 0);
            var mixer = AdversarialBatchMixer.FromOptions(options, trainer.Tasks.Names);
            Assert.Equal(batch.Count, mixer.AttackedCount(batch.Count));
            using var attacked = mixer.Mix(net.Network, net.Target, batch, seed: 11);
            adversarial = plain.Run(new MultiTaskBatch(attacked, batch.Targets, batch.Masks), attackSeed: 0);
            return adversarial;
        });

        // The other order (attack with the initial weights, step on it, then the clean step) ends elsewhere: the test can tell.
        var (reversed, _) = Train(trainer, options, net =>
        {
            var plain = new TrainingStep(net.Network, net.Optimizer, trainer.Tasks, mixer: null, attackTarget: null);
            var mixer = AdversarialBatchMixer.FromOptions(options, trainer.Tasks.Names);
            using var attacked = mixer.Mix(net.Network, net.Target, batch, seed: 11);
            plain.Run(new MultiTaskBatch(attacked, batch.Targets, batch.Masks), attackSeed: 0);
            return plain.Run(batch, attackSeed: 0);
        });

        Assert.All(underTest, kv => Assert.Equal(kv.Value, byHand[kv.Key]));
        Assert.Contains(underTest, kv => !kv.Value.SequenceEqual(reversed[kv.Key]));
        // The recorded loss is the mean of the two steps', as the reference logs both.
        Assert.Equal(clean.Zip(adversarial, (c, a) => (c + a) / 2), reportedLosses);
        Assert.All(clean.Zip(adversarial), p => Assert.NotEqual(p.First, p.Second));
    }

    private sealed record TrainingNetwork(MultiTaskNetwork Network, TorchSharp.Modules.OptimizerHelper Optimizer, AttackTarget Target);

    /// <summary>Runs <paramref name="steps"/> on a fresh network (seed 2) with its own optimizer and dropout generator; returns its weights.</summary>
    private static (Dictionary<string, float[]> Weights, double[] Losses) Train(MultiTaskTrainer trainer, TrainingOptions options, Func<TrainingNetwork, double[]> steps)
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(trainer.Spec, seed: 2);
        using var optimizer = TrainingOptimizers.Create(options, network.parameters());
        using var dropoutRandom = new Generator(7);
        using var dropout = network.DrawDropoutFrom(dropoutRandom);
        var losses = steps(new TrainingNetwork(network, optimizer, NetworkAttackTarget.Create(network, trainer.Tasks.Tasks)));
        var weights = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32).contiguous().data<float>().ToArray());
        return (weights, losses);
    }

    [Fact]
    public void ARunRepeatsBySeedDiffersByDifferentSeedAndRecordsTheProtocol()
    {
        var dataset = TinyTraining.Dataset();
        var first = new MultiTaskTrainer(ReferenceOptions("a"), dataset).Run();
        var second = new MultiTaskTrainer(ReferenceOptions("b"), dataset).Run();
        var other = new MultiTaskTrainer(ReferenceOptions("c", seed: 6), dataset).Run();

        Assert.Equal(first.History.Select(e => e.TrainLoss), second.History.Select(e => e.TrainLoss));
        var a = TinyTraining.Weights(first.LastDirectory);
        var b = TinyTraining.Weights(second.LastDirectory);
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
        Assert.NotEqual(first.History[0].TrainLoss, other.History[0].TrainLoss);

        using var network = MultiTaskNetwork.Load(first.BestDirectory);
        var provenance = network.Spec.Provenance;
        Assert.Equal("reference", provenance["adv_protocol"]);
        Assert.Equal("pgd", provenance["adversarial"]);
        Assert.Equal("8", provenance["adv_epsilon"]);
        Assert.False(provenance.ContainsKey("adv_ratio"), "the reference protocol attacks whole batches; a ratio would mislead");
    }

    [Fact]
    public void AResumedRunEndsWhereTheUninterruptedOneDoes()
    {
        var dataset = TinyTraining.Dataset();
        var straight = new MultiTaskTrainer(ReferenceOptions("straight"), dataset).Run();
        using var stop = new CancellationTokenSource();
        var stopAfterFirstEpoch = new ProgressLog(p => { if (p.Phase == TrainingPhase.Validated && p.Epoch == 1) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new MultiTaskTrainer(ReferenceOptions("resumed"), dataset).Run(stopAfterFirstEpoch, stop.Token));
        var last = Path.Combine(temp.Path, "resumed", TrainingCheckpoint.LastDirectoryName);

        var resumed = new MultiTaskTrainer(ReferenceOptions("resumed") with { ResumeFrom = last }, dataset).Run();

        Assert.True(resumed.OptimizerStateRestored);
        Assert.Equal(straight.History.Select(e => e.TrainLoss), resumed.History.Select(e => e.TrainLoss));
        var a = TinyTraining.Weights(straight.LastDirectory);
        var b = TinyTraining.Weights(resumed.LastDirectory);
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));

        // The protocol is part of the trajectory: resuming a reference run under the mixed protocol is refused.
        var mixed = ReferenceOptions("resumed") with { ResumeFrom = last, AdvProtocol = AdversarialProtocols.Mixed };
        var error = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(mixed, dataset).Run());
        Assert.Contains("adv_protocol was reference", error.Message);
    }

    [Fact]
    public void TheProtocolIsValidated()
    {
        var unknown = TinyTraining.Options(temp.Path) with { Adversarial = "fgsm", AdvProtocol = "interleaved" };
        Assert.Contains("AdvProtocol 'interleaved' is not a protocol; use mixed or reference", Assert.Throws<ArgumentException>(unknown.Validate).Message);

        var clean = TinyTraining.Options(temp.Path) with { AdvProtocol = AdversarialProtocols.Reference };
        Assert.Contains("the reference's is 'fgsm'", Assert.Throws<ArgumentException>(clean.Validate).Message);
    }
}
