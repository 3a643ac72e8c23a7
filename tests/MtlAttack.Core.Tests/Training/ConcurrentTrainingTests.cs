using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Training;

/// <summary>
/// Every draw of a run (initial weights, batch order, dropout masks) comes from the run's own generators, so two runs
/// in one process cannot reorder each other's draws: started together with the same seed, they end with the same bits.
/// (The small backbone has no dropout; <see cref="Models.GeneratorDropoutTests"/> shows masks drawn at once on two
/// threads repeat too. Training the DeepLab backbone here would take half a minute.)
/// </summary>
public sealed class ConcurrentTrainingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public Task TwoTrainingsOfTheSmallBackboneAtOnceEndWithTheSameWeights() =>
        TrainTwiceAtOnceAndCompare(TinyTraining.Options("") with { Epochs = 2 }, TinyTraining.Dataset());

    private async Task TrainTwiceAtOnceAndCompare(TrainingOptions options, IMultiTaskDataset dataset)
    {
        using var start = new Barrier(2);
        var runs = await Task.WhenAll(new[] { "a", "b" }.Select(name => Task.Run(() =>
        {
            var trainer = new MultiTaskTrainer(options with { OutputDirectory = Path.Combine(temp.Path, name) }, dataset);
            start.SignalAndWait();
            return trainer.Run();
        })));

        Assert.Equal(runs[0].History.Select(e => e.TrainLoss), runs[1].History.Select(e => e.TrainLoss));
        var a = TinyTraining.Weights(runs[0].LastDirectory);
        var b = TinyTraining.Weights(runs[1].LastDirectory);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
    }
}
