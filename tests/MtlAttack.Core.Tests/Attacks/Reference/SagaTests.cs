using System.Text.Json;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.Reference;

/// <summary>
/// Auto-SAGA (<c>saga</c>) against tests/fixtures/attacks/saga.json (make_saga.py applies the reference's formulas in
/// PyTorch, float64, with its stale loop variable fixed): every point the objective is evaluated at (x_k and the
/// look-ahead x'_k) and the result, to 1e-9, for saga x total (AS_Ori), saga x dgba (AS_MTL) and saga x single(b), at
/// the reference's parameters and at others that move the weights further.
/// </summary>
public class SagaTests
{
    private const double Tolerance = 1e-9;
    private static readonly JsonElement Fixture = FixtureTensors.Load("saga.json");

    public static TheoryData<int> Cases() => FixtureTensors.CaseIndices(Fixture);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FollowsTheScriptStepByStep(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        using var scope = NewDisposeScope();
        var (points, result) = Run(c);

        var expected = c.GetProperty("points").EnumerateArray().Select(FixtureTensors.Read).ToList();
        Assert.Equal(expected.Count, points.Count);
        for (int k = 0; k < expected.Count; k++)
            FixtureTensors.AssertClose(expected[k], points[k], Tolerance, $"{Describe(c)}: {(k % 2 == 0 ? "x" : "look-ahead x'")}_{k / 2}");
        FixtureTensors.AssertClose(FixtureTensors.Read(c.GetProperty("result")), result, Tolerance, $"{Describe(c)}: the result");
    }

    /// <summary>With more than one task the reference's stale variable changes the result, and ours is not it.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void DiffersFromTheStaleReferenceWhereItMatters(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        using var scope = NewDisposeScope();
        var (_, result) = Run(c);
        double gap = (FixtureTensors.Read(c.GetProperty("stale_result")) - result).abs().max().item<double>();
        if (c.GetProperty("objective").GetString()!.StartsWith("single", StringComparison.Ordinal)) Assert.True(gap <= Tolerance);
        else Assert.True(gap > 1, $"{Describe(c)}: the stale loop variable should change the result here; it moved it by {gap:G3} only.");
    }

    [Fact]
    public void DefaultsAreTheReferences()
    {
        var saga = Assert.IsType<Saga>(AttackCatalog.Algorithm("saga"));
        Assert.Equal((10.0, 50.0, 0.0), (saga.WeightLearningRate, saga.SignSharpness, saga.Momentum));
        Assert.Equal(0.8, saga.LargestStep(new AttackBudget(8, 10)), 12);
        Assert.Equal(20, saga.ObjectiveSteps(10));
    }

    /// <summary>
    /// A step of saga x dgba on three tasks: a forward and three backward passes at x_k, a forward and one backward at the
    /// look-ahead point (10 forward-pass units); ten steps, the trace's last forward, and the cell's clean and measuring forwards.
    /// </summary>
    [Fact]
    public void ACellsCostCountsABackwardPassPerTaskAndTheLookAhead()
    {
        double Cost(string algorithm) => MtlAttack.Core.Evaluation.EvaluationCost.Of(new MtlAttack.Core.Evaluation.EvaluationCell(algorithm, "dgba", 4), steps: 10, tasks: 3);
        Assert.Equal(1 + (10 * (7 + 3) + 1) + 1, Cost("saga"));
        Assert.Equal(1 + 10 * 4 + 1, Cost("pgd"));
        Assert.Equal(2 * (10 * (7 + 3) + 1), MtlAttack.Core.Evaluation.EvaluationCost.Of(new MtlAttack.Core.Evaluation.EvaluationCell("saga", "dgba", 4), 10, 3, restarts: 2) - 2);
    }

    [Theory]
    [InlineData("signsum")]
    [InlineData("dgba-floor(0.5)")]
    public void RefusesObjectivesItCannotWeigh(string objectiveName)
    {
        var objective = AttackCatalog.Objectives(objectiveName, ["a", "b", "c"]).Single();
        var refusal = new Saga("saga").Refusal(objective);
        Assert.NotNull(refusal);
        Assert.Contains("single, single(TASK), total and dgba", refusal);
        var error = Assert.Throws<ArgumentException>(() => new Attack(new Saga("saga"), objective, new AttackBudget(8)));
        Assert.Equal(refusal, error.Message);
        Assert.Equal(refusal, Restarts.Wrap(new Saga("saga"), 2).Refusal(objective));
    }

    [Theory]
    [InlineData("single")]
    [InlineData("total")]
    [InlineData("dgba")]
    [InlineData("dgba[cospgd]")]
    public void TakesTaskWeightedObjectives(string objectiveName)
    {
        var tasks = new[] { "segment_semantic", "normal", "depth_zbuffer" };
        Assert.All(AttackCatalog.Objectives(objectiveName, tasks), o => Assert.Null(new Saga("saga").Refusal(o)));
    }

    [Fact]
    public void AnEvaluationPlanWithARefusedPairIsRefusedBeforeAnythingRuns()
    {
        using var model = new TinyModel();
        var settings = new MtlAttack.Core.Evaluation.EvaluationSettings { Algorithms = ["pgd", "saga"], Objectives = ["dgba", "signsum"] };
        var error = Assert.Throws<ArgumentException>(() => MtlAttack.Core.Evaluation.RobustnessEvaluator.PlanCells(model.Target(), settings));
        Assert.Contains("saga cannot run 'signsum'", error.Message);
        Assert.Contains("Drop the objective", error.Message);
        var cells = MtlAttack.Core.Evaluation.RobustnessEvaluator.PlanCells(model.Target(), settings with { Objectives = ["single", "dgba"] });
        Assert.Equal(2 * 4 * 5, cells.Count);
    }

    private static (IReadOnlyList<Tensor> Points, Tensor Result) Run(JsonElement c)
    {
        using var model = new SineTarget(Fixture);
        using var batch = model.Batch();
        var objective = AttackCatalog.Objectives(c.GetProperty("objective").GetString()!, model.Tasks.Select(t => t.Name).ToList()).Single();
        var budget = new AttackBudget(c.GetProperty("epsilon").GetDouble(), c.GetProperty("steps_count").GetInt32());
        using var context = new AttackContext(model.Target, batch);
        var saga = new Saga("saga", c.GetProperty("rate").GetDouble(), c.GetProperty("sharpness").GetDouble(), c.GetProperty("decay").GetDouble());
        var result = saga.Perturb(context, objective, budget);
        // The first forward is the context's clean losses; then two per iteration.
        var points = model.Seen.Skip(1).Select(p => p.clone()).ToList();
        return (points, result);
    }

    private static string Describe(JsonElement c) =>
        $"saga x {c.GetProperty("objective").GetString()} eps {c.GetProperty("epsilon").GetDouble()} N {c.GetProperty("steps_count").GetInt32()} r {c.GetProperty("rate").GetDouble()}";
}
