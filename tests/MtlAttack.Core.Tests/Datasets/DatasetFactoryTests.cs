using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.NyuV2;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Datasets.Taskonomy;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tests.IO;

namespace MtlAttack.Core.Tests.Datasets;

public class DatasetFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SyntheticSpecOpensSyntheticScenes()
    {
        var dataset = Assert.IsType<SyntheticScenes>(DatasetFactory.Open("synthetic:count=10,size=16,seed=4"));

        Assert.Equal(10, dataset.Options.Count);
        Assert.Equal((16, 16), (dataset.Height, dataset.Width));
        Assert.Equal(4, dataset.Options.Seed);
    }

    [Fact]
    public void ReaderSpecsOpenTheirReadersWithSizeAndTasks()
    {
        var nyu = Path.Combine(_temp.Path, "nyu");
        var taskonomy = Path.Combine(_temp.Path, "taskonomy");
        DatasetWriter.Write(new PatternDataset(TaskNames.NyuV2, trainCount: 1, testCount: 1), nyu, DatasetFormat.NyuV2);
        DatasetWriter.Write(new PatternDataset(TaskNames.Taskonomy, trainCount: 1, testCount: 1), taskonomy, DatasetFormat.Taskonomy);

        var nyuDataset = Assert.IsType<NyuV2Dataset>(DatasetFactory.Open($"nyuv2:{nyu},size=48x40,tasks=depth"));
        var taskonomyDataset = Assert.IsType<TaskonomyDataset>(DatasetFactory.Open($"taskonomy:{taskonomy}"));

        Assert.Equal((48, 40), (nyuDataset.Height, nyuDataset.Width));
        Assert.Equal([TaskNames.Depth], nyuDataset.Tasks.Select(t => t.Name));
        Assert.Equal($"nyuv2:{nyu}", nyuDataset.Description);
        Assert.Equal((224, 224), (taskonomyDataset.Height, taskonomyDataset.Width));
        Assert.Equal(TaskNames.Taskonomy, taskonomyDataset.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        var missing = Path.Combine(_temp.Path, "nothing-here");

        var error = Assert.Throws<DirectoryNotFoundException>(() => DatasetFactory.Open($"mtan:{missing}"));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void AskingATaskTheDatasetLacksIsRefused()
    {
        var nyu = Path.Combine(_temp.Path, "nyu");
        DatasetWriter.Write(new PatternDataset(TaskNames.NyuV2, trainCount: 1, testCount: 1), nyu, DatasetFormat.NyuV2);

        var error = Assert.Throws<ArgumentException>(() => DatasetFactory.Open($"nyuv2:{nyu},tasks=seg+edge"));

        Assert.Contains("edge_texture", error.Message);
    }
}
