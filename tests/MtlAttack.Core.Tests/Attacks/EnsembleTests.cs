using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Evaluation;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

public class EnsembleTests
{
    [Fact]
    public void NamesParseIntoMembersOfOneNorm()
    {
        var ensemble = Assert.IsType<Ensemble>(AttackCatalog.Algorithm(" Ensemble(fgsm, PGD ,apgd)"));
        Assert.Equal("ensemble(fgsm,pgd,apgd)", ensemble.Name);
        Assert.Equal(["fgsm", "pgd", "apgd"], ensemble.Members.Select(m => m.Name));
        Assert.Equal(1 + 10 + 10, ensemble.Iterations(10));
        Assert.IsType<Core.Attacks.Threats.L2Threat>(AttackCatalog.Algorithm("ensemble(fgm,pgd-l2)").Threat);
        Assert.Contains("share one norm", Assert.Throws<ArgumentException>(() => AttackCatalog.Algorithm("ensemble(pgd,pgd-l2)")).Message);
        Assert.Contains("at least two", Assert.Throws<ArgumentException>(() => AttackCatalog.Algorithm("ensemble(pgd)")).Message);
        Assert.Contains("Unknown attack algorithm 'cw'", Assert.Throws<ArgumentException>(() => AttackCatalog.Algorithm("ensemble(pgd,cw)")).Message);
    }

    [Fact]
    public void EachTaskTakesEachSamplesWorstMember()
    {
        // Per-sample losses: member 1 has a = [1, 4], b = [5, 0]; member 2 has a = [3, 2], b = [1, 6].
        // Worst: a = [3 (m2), 4 (m1)], b = [5 (m1), 6 (m2)].
        var target = ChannelTarget.Create();
        using var batch = ChannelTarget.Batch(ChannelTarget.Images([0, 0], [0, 0]));
        var member1 = ChannelTarget.Images([1, 4], [5, 0]);
        var member2 = ChannelTarget.Images([3, 2], [1, 6]);

        var worst = CellMeasurement.Measure(target, batch, [member1, member2]);

        Assert.Equal(3 + 4, worst.Tasks["a"].LossSum, 6);
        Assert.Equal(5 + 6, worst.Tasks["b"].LossSum, 6);
        // The metrics come from the same per-sample picks: as if each task had seen its own worst images.
        var pickedForA = CellMeasurement.Measure(target, batch, [ChannelTarget.Images([3, 4], [0, 0])]);
        var pickedForB = CellMeasurement.Measure(target, batch, [ChannelTarget.Images([0, 0], [5, 6])]);
        Assert.Equal(pickedForA.Tasks["a"].MetricState, worst.Tasks["a"].MetricState);
        Assert.Equal(pickedForB.Tasks["b"].MetricState, worst.Tasks["b"].MetricState);
    }
}
