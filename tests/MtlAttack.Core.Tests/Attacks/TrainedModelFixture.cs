using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>
/// A small network trained for a few epochs on small synthetic scenes: good enough that its tasks have something
/// to lose, quick enough for the test suite. Shared by the tests of one class.
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-trained-").FullName;

    public TrainedModelFixture()
    {
        Dataset = DatasetFactory.Open("synthetic:count=160,size=32,seed=5");
        var result = new MultiTaskTrainer(new TrainingOptions { OutputDirectory = directory, Epochs = 6, BatchSize = 16, Seed = 3 }, Dataset).Run();
        Network = MultiTaskNetwork.Load(result.LastDirectory);
        Network.eval();
        Target = NetworkAttackTarget.Create(Network, Dataset.Tasks);
    }

    public IMultiTaskDataset Dataset { get; }
    public MultiTaskNetwork Network { get; }
    public AttackTarget Target { get; }

    public void Dispose()
    {
        Network.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
