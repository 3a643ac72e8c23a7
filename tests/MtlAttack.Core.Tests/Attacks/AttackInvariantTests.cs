using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

public class AttackInvariantTests
{
    /// <summary>The L-infinity algorithms; the L2 ones have their own invariants in <see cref="L2AttackTests"/>.</summary>
    public static IEnumerable<string> LinfAlgorithms => AttackCatalog.AlgorithmNames.Where(a => AttackCatalog.Algorithm(a).Threat is LinfThreat);

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in LinfAlgorithms)
            foreach (var o in new[] { "single(normal)", "total", "signsum", "dgba" })
                if (Runs(a, o, ["segment_semantic", "normal", "depth_zbuffer"]))
                    data.Add(a, o);
        return data;
    }

    /// <summary>Whether the algorithm takes the objective (saga refuses signsum and the constrained family; its own tests check that).</summary>
    public static bool Runs(string algorithm, string objective, IReadOnlyList<string> tasks) =>
        AttackCatalog.Algorithm(algorithm).Refusal(AttackCatalog.Objectives(objective, tasks).First()) is null;

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AdversarialImagesStayInTheBallAndThePixelRange(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var target = model.Target();
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), AttackCatalog.Objectives(objective, ["segment_semantic", "normal", "depth_zbuffer"]).Single(),
            new AttackBudget(8, steps: 5, randomStart: true));
        using var adversarial = attack.Run(target, batch, seed: 5);

        Assert.Equal(batch.Images.shape, adversarial.shape);
        double linf = (adversarial - batch.Images).abs().max().item<float>();
        Assert.True(linf <= 8 + 1e-3, $"L-inf distance {linf} exceeds epsilon 8");
        Assert.True(linf > 1, "the attack did not move the images");
        PixelRangeAssert.Holds(target, adversarial);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ZeroEpsilonChangesNothing(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), AttackCatalog.Objectives(objective, ["segment_semantic", "normal", "depth_zbuffer"]).Single(),
            new AttackBudget(0, steps: 3, randomStart: true));
        using var adversarial = attack.Run(model.Target(), batch, seed: 5);
        Assert.True(adversarial.eq(batch.Images).all().item<bool>());
    }

    [Fact]
    public void AttacksIncreaseTheirObjective()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var target = model.Target();
        using var context = new AttackContext(target, batch);
        foreach (var algorithm in LinfAlgorithms)
        {
            var objective = new MtlAttack.Core.Attacks.Objectives.DgbaObjective();
            using var adversarial = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(16, steps: 10)).Run(context);
            using var value = objective.Value(context, context.TaskLosses(adversarial).detach());
            Assert.True(value.min().item<float>() > 0, $"{algorithm} x dgba did not raise the average relative loss of every sample");
        }
    }

    [Fact]
    public void RandomStartsRepeatBySeed()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var attack = new Attack(AttackCatalog.Algorithm("pgd"), new MtlAttack.Core.Attacks.Objectives.TotalLossObjective(), new AttackBudget(4, steps: 2, randomStart: true));
        using var a = attack.Run(model.Target(), batch, seed: 9);
        using var b = attack.Run(model.Target(), batch, seed: 9);
        using var c = attack.Run(model.Target(), batch, seed: 10);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Theory]
    [InlineData(10, new[] { 0, 3, 5, 6, 7, 8, 9, 10 })]
    [InlineData(20, new[] { 0, 5, 9, 12, 14, 16, 18, 19, 20 })]
    [InlineData(100, new[] { 0, 22, 41, 57, 70, 80, 87, 93, 99 })]
    public void ApgdCheckpointSchedule(int iterations, int[] expected) =>
        Assert.Equal(expected, ApgdSchedule.Checkpoints(iterations));

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadEpsilonIsRefusedWithTheValidRange(double epsilon) =>
        Assert.Contains("finite number >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => new AttackBudget(epsilon)).Message);

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        Assert.Contains("fgsm, pgd, apgd, fgm, pgd-l2, apgd-l2", Assert.Throws<ArgumentException>(() => AttackCatalog.Algorithm("cw")).Message);
        Assert.Contains("does not have", Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives("single(edges)", ["normal"])).Message);
        Assert.Equal(2, AttackCatalog.Objectives("single", ["normal", "depth_zbuffer"]).Count);
    }
}
