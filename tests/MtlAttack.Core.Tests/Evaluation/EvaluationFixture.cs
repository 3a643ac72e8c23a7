using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Tests.Evaluation;

/// <summary>A small network (untrained: the mechanics do not need a good model) over a tiny synthetic test split.</summary>
internal sealed class EvaluationFixture : IDisposable
{
    public EvaluationFixture(int count = 20, int size = 16)
    {
        Dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = count, Size = size, Seed = 4 });
        var spec = ModelSpec.Create(BackboneCatalog.CpuDefault, Layout.FullyShared(3, 5), Dataset.Tasks, Dataset.Normalization, size, size);
        Network = MultiTaskNetwork.Create(spec, seed: 2);
        Network.eval();
        Target = new AttackTarget(Network.forward, Dataset.Tasks, PixelBounds.From(Dataset.Normalization));
    }

    public SyntheticScenes Dataset { get; }
    public MultiTaskNetwork Network { get; }
    public AttackTarget Target { get; }

    public void Dispose() => Network.Dispose();
}
