using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.Datasets;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Training;

/// <summary>A model trained on NYUv2 files records how their normals were read, so it is never scored on another reading.</summary>
public sealed class TargetConventionProvenanceTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TrainingOnAnNyuV2FolderRecordsItsNormalEncodingAndTheModelThenRefusesTheOtherReading()
    {
        string root = Path.Combine(temp.Path, "nyu");
        DatasetWriter.Write(new PatternDataset(TaskNames.NyuV2, classCount: 7), root, DatasetFormat.NyuV2);
        var dataset = new NyuV2Dataset(root);
        var trainer = new MultiTaskTrainer(TinyTraining.Options(Path.Combine(temp.Path, "model")) with { Epochs = 1 }, dataset);
        trainer.Run();

        var spec = ModelFolder.ReadHeader(trainer.BestDirectory);
        Assert.Equal("adashare", spec.Provenance["normal_encoding"]);

        // The same files, declared as the old reading: the model refuses them rather than score against other targets.
        string index = Path.Combine(root, "nyu_v2_3task.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"adashare\"", "\"signed-rgb\""));
        var error = Assert.Throws<ArgumentException>(() => ModelDatasetMatch.Tasks(spec.Tasks, spec.Normalization, new NyuV2Dataset(root), spec.Provenance));
        Assert.Contains("normal_encoding 'adashare'", error.Message);
    }
}
