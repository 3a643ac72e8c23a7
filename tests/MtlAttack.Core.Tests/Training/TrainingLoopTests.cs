using MtlAttack.Core.Models;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;
using TorchSharp;

namespace MtlAttack.Core.Tests.Training;

public sealed class TrainingLoopTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TheTrainingLossFallsOverEpochs()
    {
        var options = TinyTraining.Options(temp.Path) with { Epochs = 6, LearningRateSchedule = LearningRateSchedule.Constant };
        var result = new MultiTaskTrainer(options, TinyTraining.Dataset()).Run();

        Assert.Equal(6, result.History.Count);
        Assert.True(result.History[^1].TrainLoss < 0.8 * result.History[0].TrainLoss,
            $"Training loss went from {result.History[0].TrainLoss} to {result.History[^1].TrainLoss}.");
        Assert.All(result.History, e => Assert.Equal(3, e.TrainLosses.Count));
    }

    [Fact]
    public void BestAndLastCheckpointsExistLoadAndRecordTheirProvenance()
    {
        var options = TinyTraining.Options(temp.Path);
        var result = new MultiTaskTrainer(options, TinyTraining.Dataset()).Run();

        foreach (var directory in new[] { result.BestDirectory, result.LastDirectory })
        {
            Assert.True(File.Exists(Path.Combine(directory, MultiTaskNetwork.SpecFileName)), directory);
            Assert.True(File.Exists(Path.Combine(directory, MultiTaskNetwork.WeightsFileName)), directory);
            Assert.True(File.Exists(Path.Combine(directory, TrainingState.FileName)), directory);
            using var network = MultiTaskNetwork.Load(directory);
            Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], network.TaskNames);
            Assert.Equal("small", network.Spec.Backbone);
            var provenance = network.Spec.Provenance;
            Assert.Equal(TinyTraining.Dataset().Description, provenance["dataset"]);
            Assert.Equal("5", provenance["seed"]);
            Assert.Equal("3", provenance["epochs"]);
            Assert.Equal("adam", provenance["optimizer"]);
            Assert.Equal("0.01", provenance["lr"]);
            Assert.Equal("none", provenance["adversarial"]);
            Assert.True(DateTimeOffset.TryParse(provenance["trained_at"], out _));
        }
        Assert.Equal("3", TrainingState.Read(result.LastDirectory).CompletedEpochs.ToString());
        Assert.True(File.Exists(Path.Combine(result.LastDirectory, TrainingState.OptimizerStateFileName)));
        Assert.False(File.Exists(Path.Combine(result.BestDirectory, TrainingState.OptimizerStateFileName)));
        var best = TrainingState.Read(result.BestDirectory);
        Assert.Equal(result.BestEpoch, best.CompletedEpochs);
        Assert.Equal(result.BestEpoch.ToString(), MultiTaskNetwork.Load(result.BestDirectory).Spec.Provenance["epoch"]);
        Assert.Equal(result.History.Where(e => e.IsBest).Max(e => e.Epoch), result.BestEpoch);
        Assert.Equal(result.History.Max(e => e.Score), result.BestScore);
        Assert.Equal(0, result.History[0].Score);
    }

    [Theory]
    [InlineData(TrainingOptimizers.Adam)]
    [InlineData(TrainingOptimizers.Sgd)]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne(string optimizer)
    {
        var dataset = TinyTraining.Dataset();
        TrainingOptions Options(string name) => TinyTraining.Options(Path.Combine(temp.Path, name)) with { Optimizer = optimizer };
        var uninterrupted = new MultiTaskTrainer(Options("straight"), dataset).Run();

        using var stop = new CancellationTokenSource();
        var stopAfterFirstEpoch = new ProgressLog(p => { if (p.Phase == TrainingPhase.Validated && p.Epoch == 1) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new MultiTaskTrainer(Options("interrupted"), dataset).Run(stopAfterFirstEpoch, stop.Token));
        var last = Path.Combine(temp.Path, "interrupted", TrainingCheckpoint.LastDirectoryName);
        Assert.Equal(1, TrainingState.Read(last).CompletedEpochs);

        var progress = new ProgressLog();
        var resumed = new MultiTaskTrainer(Options("interrupted") with { ResumeFrom = last }, dataset).Run(progress);

        Assert.Equal(1, resumed.StartEpoch);
        Assert.True(resumed.OptimizerStateRestored);
        Assert.Equal(2, progress.Reports.First().Epoch);
        Assert.Equal(uninterrupted.History.Select(e => e.TrainLoss), resumed.History.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        var expected = TinyTraining.Weights(uninterrupted.LastDirectory);
        var actual = TinyTraining.Weights(resumed.LastDirectory);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, kv => Assert.Equal(kv.Value, actual[kv.Key]));
    }

    [Fact]
    public void ResumingWithDifferentSettingsSaysWhichDiffer()
    {
        var dataset = TinyTraining.Dataset();
        var first = new MultiTaskTrainer(TinyTraining.Options(temp.Path) with { Epochs = 1 }, dataset).Run();

        var changed = TinyTraining.Options(temp.Path) with { ResumeFrom = first.LastDirectory, LearningRate = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(changed, dataset).Run());
        Assert.Contains("lr was 0.01, now 0.5", error.Message);

        var fewer = TinyTraining.Options(temp.Path) with { ResumeFrom = first.LastDirectory, Epochs = 1 };
        var nothingLeft = new MultiTaskTrainer(fewer, dataset).Run();
        Assert.Single(nothingLeft.History);

        var missing = TinyTraining.Options(temp.Path) with { ResumeFrom = temp.File("nowhere/x") };
        Assert.Contains(TrainingState.FileName, Assert.Throws<FileNotFoundException>(() => new MultiTaskTrainer(missing, dataset).Run()).Message);
    }

    [Fact]
    public void ProgressReportsEveryBatchThenTheValidatedEpoch()
    {
        var progress = new ProgressLog();
        var options = TinyTraining.Options(temp.Path) with { Epochs = 2 };
        new MultiTaskTrainer(options, TinyTraining.Dataset()).Run(progress);

        // 8 training scenes in batches of 4: two batches, then the validation report, per epoch.
        Assert.Equal(6, progress.Reports.Count);
        Assert.Equal([TrainingPhase.Training, TrainingPhase.Training, TrainingPhase.Validated], progress.Reports.Take(3).Select(r => r.Phase));
        var report = progress.Reports[1];
        Assert.Equal((1, 2, 2, 2), (report.Epoch, report.Epochs, report.Batch, report.Batches));
        Assert.Equal(0.5, report.Fraction);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], report.TaskLosses.Keys);
        Assert.Equal(report.TaskLosses.Values.Sum(), report.TotalLoss, 9);
        Assert.True(report.LearningRate is > 0 and < 0.01);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
        Assert.NotNull(progress.Reports[^1].Summary);
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }

    [Fact]
    public void LiveTensorsDoNotGrowAcrossEpochs()
    {
        var liveAfterEpoch = new List<long>();
        var progress = new ProgressLog(p =>
        {
            if (p.Phase == TrainingPhase.Validated) liveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        var options = TinyTraining.Options(temp.Path) with { Epochs = 4, Optimizer = TrainingOptimizers.Sgd };
        new MultiTaskTrainer(options, TinyTraining.Dataset()).Run(progress);

        // Compared from the first epoch on: the first step creates the optimizer's momentum buffers, which live on.
        // (Not against the count before the run either: TorchSharp leaves one handle per default-initialised
        // Conv2d it builds, so creating a network adds a few, once.)
        Assert.Equal(4, liveAfterEpoch.Count);
        Assert.All(liveAfterEpoch.Skip(1), live => Assert.Equal(liveAfterEpoch[0], live));
    }

    [Fact]
    public void TaskWeightsScaleTheTotalLoss()
    {
        var progress = new ProgressLog();
        var weights = new Dictionary<string, double> { ["depth_zbuffer"] = 0.5, ["normal"] = 0 };
        var options = TinyTraining.Options(temp.Path) with { Epochs = 1, TaskWeights = weights };
        new MultiTaskTrainer(options, TinyTraining.Dataset()).Run(progress);

        var report = progress.Reports[0];
        Assert.Equal(report.TaskLosses["segment_semantic"] + 0.5 * report.TaskLosses["depth_zbuffer"], report.TotalLoss, 9);
    }
}
