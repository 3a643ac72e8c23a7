using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.SafeTensors;
using MtlAttack.Core.Training;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Training;

/// <summary>Tiny synthetic data and options that train the small backbone in well under a second per epoch.</summary>
internal static class TinyTraining
{
    public static SyntheticScenes Dataset(int count = 10, int size = 16) =>
        new(new SyntheticSceneOptions { Count = count, Size = size, Seed = 3 });

    public static TrainingOptions Options(string outputDirectory) => new()
    {
        OutputDirectory = outputDirectory,
        Epochs = 3,
        BatchSize = 4,
        ValidationBatchSize = 4,
        LearningRate = 0.01,
        Seed = 5,
    };

    /// <summary>Every state-dict tensor of the checkpoint in <paramref name="directory"/>, as flat float arrays (read without building the network).</summary>
    public static Dictionary<string, float[]> Weights(string directory)
    {
        using var scope = NewDisposeScope();
        using var reader = SafeTensorsReader.Open(Path.Combine(directory, MultiTaskNetwork.WeightsFileName));
        return reader.Entries.ToDictionary(e => e.Name, e => reader.Read(e).to_type(ScalarType.Float32).data<float>().ToArray());
    }
}

/// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ProgressLog(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
