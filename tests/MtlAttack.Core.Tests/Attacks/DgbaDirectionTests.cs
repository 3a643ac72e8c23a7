using Google.OrTools.Sat;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

public class DgbaDirectionTests
{
    [Fact]
    public void OnePassDirectionEqualsTheReferenceWithOneBackwardPerTask()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 3);
        using var context = new AttackContext(model.Target(), batch);

        var (ours, _) = new DgbaObjective().Direction(context, batch.Images);
        var reference = DgbaObjective.ReferenceDirection(context, batch.Images);

        double scale = reference.abs().max().item<float>();
        Assert.True(scale > 0);
        Assert.True(ours.allclose(reference, rtol: 1e-4, atol: 1e-5 * scale), "one-pass DGBA direction differs from the T-pass reference");
    }

    [Fact]
    public void DirectionIsPerSample()
    {
        // Each sample's direction depends on its own losses only: attacking a sample alone gives the same direction.
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var (both, _) = new DgbaObjective().Direction(context, batch.Images);

        using var first = new MtlAttack.Core.Datasets.MultiTaskBatch(batch.Images[..1],
            batch.Targets.ToDictionary(kv => kv.Key, kv => kv.Value[..1]), batch.Masks.ToDictionary(kv => kv.Key, kv => kv.Value[..1]));
        using var alone = new AttackContext(model.Target(), first);
        var (single, _) = new DgbaObjective().Direction(alone, first.Images);
        Assert.True(single.allclose(both[..1], rtol: 1e-4, atol: 1e-7));
    }

    [Fact]
    public void DgbaIsInvariantToScalingOneTaskLossButTotalIsNot()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var scaled = model.Tasks.Select((t, i) => i == 1 ? new ScaledTask(t, 1000.0) : t).ToList();
        using var plain = new AttackContext(model.Target(), batch);
        using var heavy = new AttackContext(model.Target(scaled), batch);

        var dgbaPlain = new DgbaObjective().Step(plain, batch.Images).Sign;
        var dgbaHeavy = new DgbaObjective().Step(heavy, batch.Images).Sign;
        Assert.True(dgbaPlain.eq(dgbaHeavy).all().item<bool>(), "DGBA's step changed when one task's loss was scaled");

        var totalPlain = new TotalLossObjective().Step(plain, batch.Images).Sign;
        var totalHeavy = new TotalLossObjective().Step(heavy, batch.Images).Sign;
        double changed = totalPlain.ne(totalHeavy).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(changed > 0.05, $"expected the scaled task to take over the total-loss step, but only {changed:P1} of signs changed");

        // With the scaled task dominating, the total step is (almost) that task's own step.
        var normalOnly = new SingleTaskObjective("normal").Step(heavy, batch.Images).Sign;
        double agreement = totalHeavy.eq(normalOnly).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(agreement > 0.95, $"total-loss step agrees with the dominant task on only {agreement:P1} of coordinates");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void SignOfCIsTheOptimumOfTheIntegerProgram(int seed)
    {
        // max sum_i s_i c_i over s in {-1,0,1}^n, solved by CP-SAT on integer-scaled coefficients.
        var random = new Random(seed);
        var c = Enumerable.Range(0, 40).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 6)).ToArray();
        c[7] = 0;

        var model = new CpModel();
        var s = c.Select((_, i) => model.NewIntVar(-1, 1, $"s{i}")).ToArray();
        model.Maximize(Google.OrTools.Sat.LinearExpr.WeightedSum(s, c.Select(v => (long)Math.Round(v * 1e6)).ToArray()));
        var solver = new CpSolver();
        Assert.Equal(CpSolverStatus.Optimal, solver.Solve(model));

        using var direction = tensor(c);
        var sign = direction.sign().data<double>().ToArray();
        double ours = sign.Zip(c).Sum(p => p.First * p.Second);
        Assert.Equal(solver.ObjectiveValue / 1e6, ours, 6);
        for (int i = 0; i < c.Length; i++)
            if (c[i] != 0) Assert.Equal((long)sign[i], solver.Value(s[i]));
    }
}
