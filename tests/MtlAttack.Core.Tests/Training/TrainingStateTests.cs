using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Training;

public class TrainingStateTests
{
    [Fact]
    public void StateRoundTripsThroughJsonIncludingNaNMetricsAndOptions()
    {
        var scores = new SplitScores(
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["segment_semantic"] = new Dictionary<string, double> { ["mIoU"] = double.NaN, ["pixel_acc"] = 0.5 } },
            new Dictionary<string, double> { ["segment_semantic"] = 1.25 },
            7);
        var summary = new EpochSummary
        {
            Epoch = 1, TrainLosses = scores.Losses, TrainLoss = 1.25, ValidationMetrics = scores.Metrics, ValidationLosses = scores.Losses,
            ValidationLoss = 1.25, Score = 0, IsBest = true, LearningRate = 0.01, Seconds = 2,
        };
        var state = new TrainingState
        {
            CompletedEpochs = 1,
            Options = new TrainingOptions { OutputDirectory = "/x", Adversarial = "pgd", TaskWeights = new Dictionary<string, double> { ["normal"] = 2 } },
            Dataset = "synthetic:count=10",
            Reference = scores,
            BestEpoch = 1,
            BestScore = 0,
            History = [summary],
            ElapsedSeconds = 3.5,
            StartedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch.AddHours(1),
        };

        var read = TrainingState.FromJson(state.ToJson(), "test");

        Assert.Equal(state.Options with { TaskWeights = null }, read.Options with { TaskWeights = null });
        Assert.Equal(2, read.Options.TaskWeights!["normal"]);
        Assert.True(double.IsNaN(read.Reference!.Metrics["segment_semantic"]["mIoU"]));
        Assert.Equal(0.5, read.History[0].ValidationMetrics["segment_semantic"]["pixel_acc"]);
        Assert.Equal((1, 3.5, "synthetic:count=10"), (read.CompletedEpochs, read.ElapsedSeconds, read.Dataset));
    }

    [Fact]
    public void AnInconsistentStateIsRefused()
    {
        var json = """{"formatVersion":1,"completedEpochs":2,"options":{},"dataset":"d","history":[],"elapsedSeconds":0,"startedAt":"2020-01-01T00:00:00Z","savedAt":"2020-01-01T00:00:00Z"}""";
        Assert.Contains("2 epochs", Assert.Throws<InvalidDataException>(() => TrainingState.FromJson(json, "state.json")).Message);
        Assert.Contains("not a valid training state", Assert.Throws<InvalidDataException>(() => TrainingState.FromJson("{", "state.json")).Message);
    }
}
