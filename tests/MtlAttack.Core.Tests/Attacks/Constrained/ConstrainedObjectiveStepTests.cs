using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>The objectives on a real (tiny) multi-task CNN: their steps satisfy their rows to first order.</summary>
public class ConstrainedObjectiveStepTests
{
    private const string Normal = "normal";

    /// <summary>a_t = g_t / L_t per sample, flattened: [T][N][n], computed independently of the objectives.</summary>
    private static double[][][] RelativeGradients(AttackContext context, Tensor images)
    {
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        using var input = images.detach().requires_grad_(true);
        var losses = context.TaskLosses(input);
        int tasks = (int)losses.shape[0], samples = (int)images.shape[0];
        var result = new double[tasks][][];
        for (int t = 0; t < tasks; t++)
        {
            var g = autograd.grad([losses[t].sum()], [input], retain_graph: t < tasks - 1)[0];
            var a = (g / losses[t].detach().clamp_min(DgbaObjective.MinimumLoss).reshape(-1, 1, 1, 1)).reshape(samples, -1).to_type(ScalarType.Float64);
            result[t] = Enumerable.Range(0, samples).Select(i => a[i].data<double>().ToArray()).ToArray();
        }
        return result;
    }

    private static double[][] Signs(Tensor sign)
    {
        int samples = (int)sign.shape[0];
        using var flat = sign.reshape(samples, -1).to_type(ScalarType.Float64);
        return Enumerable.Range(0, samples).Select(i => flat[i].data<double>().ToArray()).ToArray();
    }

    private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    [Fact]
    public void ProtectKeepsTheProtectedTaskWithinBudgetWhereDgbaWouldNot()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 3);
        using var context = new AttackContext(model.Target(), batch);
        int p = context.Target.TaskIndex(Normal);
        var a = RelativeGradients(context, batch.Images);
        const double stepSize = 0.5;

        // What an attack on the other tasks alone would do to the normal task, to first order.
        var attacked = Enumerable.Range(0, a.Length).Where(t => t != p).ToArray();
        var unprotected = Enumerable.Range(0, 3).Select(i =>
        {
            var c = attacked.Select(t => a[t][i]).Aggregate((x, y) => x.Select((v, k) => v + y[k]).ToArray());
            return stepSize * Math.Abs(Dot(a[p][i], c.Select(v => (double)Math.Sign(v)).ToArray()));
        }).ToArray();
        double budget = 0.1 * unprotected.Min();

        var objective = new DgbaProtectObjective([Normal], budget, stepSize);
        var (step, solutions) = objective.Solve(context, batch.Images);
        using var sign = step.Sign;
        Assert.Equal(batch.Images.shape, sign.shape);
        var s = Signs(sign);
        for (int i = 0; i < 3; i++)
        {
            Assert.All(s[i], v => Assert.Contains(v, new[] { -1.0, 0, 1 }));
            double change = stepSize * Math.Abs(Dot(a[p][i], s[i]));
            Assert.True(change <= budget * (1 + 1e-6), $"sample {i}: first-order change {change} of the protected task exceeds {budget}");
            Assert.True(unprotected[i] > budget, "the plain attack would have broken the budget");
            Assert.True(attacked.Sum(t => Dot(a[t][i], s[i])) > 0, "the attacked tasks gain nothing");
            Assert.Equal(SignSolvePath.Rounded, solutions[i].Path);
        }
        Assert.Equal([3L], step.Value.shape);
    }

    [Fact]
    public void ProtectedLossBarelyMovesOverASmallStep()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2, size: 16);
        using var context = new AttackContext(model.Target(), batch);
        int p = context.Target.TaskIndex(Normal);
        const double stepSize = 0.05, budget = 1e-4;

        using var sign = new DgbaProtectObjective([Normal], budget, stepSize).Step(context, batch.Images).Sign;
        using var plain = new DgbaObjective().Step(context, batch.Images).Sign;
        using var before = context.TaskLosses(batch.Images).detach();
        using var protectedAfter = context.TaskLosses(batch.Images + stepSize * sign).detach();
        using var plainAfter = context.TaskLosses(batch.Images + stepSize * plain).detach();
        for (int i = 0; i < 2; i++)
        {
            double l0 = before[p][i].item<float>();
            double ours = Math.Abs(protectedAfter[p][i].item<float>() - l0) / l0;
            double theirs = Math.Abs(plainAfter[p][i].item<float>() - l0) / l0;
            Assert.True(ours < 0.2 * theirs, $"sample {i}: the protected task moved {ours:E2}, plain DGBA moves it {theirs:E2}");
        }
    }

    [Fact]
    public void FloorGivesEveryTaskItsShareOfTheGain()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 3);
        using var context = new AttackContext(model.Target(), batch);
        var a = RelativeGradients(context, batch.Images);
        const double rho = 0.6;

        var (step, _) = new DgbaFloorObjective(rho).Solve(context, batch.Images);
        using var sign = step.Sign;
        var s = Signs(sign);
        for (int i = 0; i < 3; i++)
        {
            var gains = a.Select(at => Dot(at[i], s[i])).ToArray();
            double mean = gains.Average();
            Assert.True(mean > 0, $"sample {i}: no gain at all");
            double scale = a.Max(at => at[i].Sum(Math.Abs));
            Assert.All(gains, g => Assert.True(g >= rho * mean - 1e-9 * scale, $"sample {i}: a task gains {g}, below {rho} x the mean {mean}"));
        }
    }

    [Fact]
    public void L0MovesTheKLargestCoordinatesOfTheDgbaDirection()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        const int k = 17;

        using var sign = new DgbaL0Objective(k).Step(context, batch.Images).Sign;
        var (direction, _) = new DgbaObjective().Direction(context, batch.Images);
        using var c = direction.reshape(2, -1);
        using var flat = sign.reshape(2, -1);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(k, flat[i].abs().sum().item<float>());
            using var top = c[i].abs().topk(k).indexes;
            Assert.True(flat[i].index_select(0, top).eq(c[i].index_select(0, top).sign()).all().item<bool>());
        }
    }

    [Fact]
    public void ConstrainedObjectivesRunInsideTheAttackAlgorithms()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var budget = new AttackBudget(4, steps: 3);
        AttackObjective[] objectives =
        [
            new DgbaProtectObjective([Normal], 0.01, AttackCatalog.StepSize("pgd", budget)),
            new DgbaFloorObjective(0.5),
            new DgbaL0Objective(20),
            new DgbaProtectObjective(["depth_zbuffer"], 0.01, AttackCatalog.StepSize("apgd", budget), maxMovedCoordinates: 50),
        ];
        foreach (var objective in objectives)
        foreach (AttackAlgorithm algorithm in new AttackAlgorithm[] { AttackCatalog.Algorithm("fgsm"), AttackCatalog.Algorithm("pgd"), AttackCatalog.Algorithm("apgd") })
        {
            using var adversarial = new Attack(algorithm, objective, budget).Run(context);
            double moved = (adversarial - batch.Images).abs().max().item<float>();
            Assert.True(moved <= 4 + 1e-3, $"{algorithm.Name} x {objective.Name} left the epsilon-ball: {moved}");
            Assert.True(moved > 0, $"{algorithm.Name} x {objective.Name} did not move");
        }
    }
}
