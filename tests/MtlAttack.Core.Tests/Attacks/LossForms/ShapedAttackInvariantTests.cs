using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>Loss forms and targets under every algorithm: the ball, the pixel range, and the step each evaluation is told.</summary>
public class ShapedAttackInvariantTests
{
    private static readonly string[] Tasks = [TaskNames.SegmentSemantic, TaskNames.Normal, TaskNames.Depth];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        string[] objectives =
        [
            "dgba[segpgd]", "total[cospgd]", "signsum[cospgd]", "single(segment_semantic)[segpgd]",
            "dgba+target(segment_semantic=class:1)", "dgba-protect(normal)[cospgd]+target(segment_semantic=shift:1)",
            "dgba-floor(0.5)[segpgd]+target(depth_zbuffer=scale:2)", "total+target(normal=rotate:x:45)",
        ];
        foreach (var a in AttackCatalog.AlgorithmNames)
            foreach (var o in objectives)
                if (AttackInvariantTests.Runs(a, o, Tasks))
                    data.Add(a, o);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AdversarialImagesStayInTheBallAndThePixelRange(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var target = model.Target();
        var attackAlgorithm = AttackCatalog.Algorithm(algorithm);
        double epsilon = attackAlgorithm.Threat is L2Threat ? 200 : 8;
        var budget = new AttackBudget(epsilon, steps: 4, randomStart: true);
        var attack = new Attack(attackAlgorithm, AttackCatalog.Objectives(objective, Tasks, attackAlgorithm.LargestStep(budget)).Single(), budget);
        using var adversarial = attack.Run(target, batch, seed: 5);

        using var delta = adversarial - batch.Images;
        double distance = attackAlgorithm.Threat is L2Threat
            ? delta.flatten(1).square().sum(1).sqrt().max().item<float>()
            : delta.abs().max().item<float>();
        Assert.True(distance <= epsilon * (1 + 1e-5), $"{attack.Name}: distance {distance} exceeds epsilon {epsilon}");
        Assert.True(delta.abs().max().item<float>() > 0.5, $"{attack.Name} did not move the images");
        PixelRangeAssert.Holds(target, adversarial, attack.Name);
    }

    /// <summary>A form that records the step every evaluation was told, and otherwise leaves the loss as it is.</summary>
    private sealed class RecordingForm : PixelLossForm
    {
        public List<(int Step, int Steps)> Seen { get; } = [];
        public override string Name => "recording";
        public override bool DependsOnStep => true;
        public override string? Refusal(string task) => task == TaskNames.SegmentSemantic ? null : "recorded on segmentation only";

        public override Tensor Scale(VisionTask task, PixelLosses pixels, bool targeted, int step, int steps)
        {
            Seen.Add((step, steps));
            return ones_like(pixels.Values);
        }
    }

    [Theory]
    [InlineData("fgsm", 1)]
    [InlineData("pgd", 6)]
    [InlineData("apgd", 7)]
    [InlineData("saga", 12)]
    [InlineData("aar", 7)]
    [InlineData("fgm", 1)]
    [InlineData("pgd-l2", 6)]
    [InlineData("apgd-l2", 7)]
    public void EveryAlgorithmTellsEachObjectiveEvaluationItsStep(string algorithm, int evaluations)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var form = new RecordingForm();
        var objective = new ShapedObjective(new DgbaObjective(), new AttackLosses(form, []));
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(4, steps: 6));
        using var _ = attack.Run(model.Target(), batch);

        // Each evaluation computes the losses at the images (once) and, for DGBA's value, at the clean images (once per step).
        var steps = form.Seen.Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, evaluations).Select(t => (t, evaluations)), steps);
    }

    [Fact]
    public void AShapedObjectiveUsesTheFormsLossesButTheContextKeepsTheTasksOwn()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var objective = Assert.IsType<ShapedObjective>(AttackCatalog.Objectives("dgba[cospgd]", Tasks).Single());
        var shaped = context.Under(objective.Losses);
        Assert.NotSame(context, shaped);
        Assert.Same(shaped, context.Under(objective.Losses));
        Assert.Same(context, context.Under(AttackLosses.TaskOwn));

        using var own = context.CleanLosses.clone();
        using var formed = shaped.CleanLosses.clone();
        // CosPGD scales segmentation and normals by cosines below 1; depth has one channel, so its factor is 1.
        Assert.True(formed[0].lt(own[0]).all().item<bool>() && formed[1].lt(own[1]).all().item<bool>());
        Assert.True(formed[2].sub(own[2]).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void ATargetedTasksEntryIsItsNegatedLossToTheGoal()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var objective = Assert.IsType<ShapedObjective>(AttackCatalog.Objectives("dgba+target(depth_zbuffer=scale:2)", Tasks).Single());
        var task = model.Tasks[2];
        using var outputs = new DisposableOutputs(model.Forward(batch.Images));
        using var goal = objective.Losses.Targets[0].Goal(task, batch.Targets[task.Name], batch.Masks[task.Name]);
        using var expected = task.PerSampleLoss(outputs.Values[task.Name], goal, batch.Masks[task.Name]).neg();
        var entries = context.Under(objective.Losses).CleanLosses;
        Assert.True((entries[2] - expected).abs().max().item<float>() < 1e-5);
        Assert.True((entries[0] - context.CleanLosses[0]).abs().max().item<float>() < 1e-6, "untargeted tasks keep their own loss");
    }

    /// <summary>Callers outside the step (restarts' best run, the diagnostics' trace) get the value on the objective's own losses.</summary>
    [Fact]
    public void ValueAtMeasuresTheShapedLossesNotTheContexts()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var objective = AttackCatalog.Objectives("dgba+target(depth_zbuffer=scale:2)", Tasks).Single();
        // At the clean images DGBA's relative change is 0 on any losses measured against themselves...
        using var value = objective.ValueAt(context, batch.Images);
        Assert.True(value.abs().max().item<float>() < 1e-6);
        // ...but the context's own losses against the targeted clean entries are not a relative change at all.
        using var own = context.TaskLosses(batch.Images);
        using var mixed = objective.Value(context, own);
        Assert.True(mixed.abs().min().item<float>() > 0.1);
        using var passed = objective.ValueAt(context, batch.Images, own);
        Assert.True(passed.abs().max().item<float>() < 1e-6, "own losses passed in are recomputed on the shaped ones");
    }

    private sealed class DisposableOutputs(IReadOnlyDictionary<string, Tensor> values) : IDisposable
    {
        public IReadOnlyDictionary<string, Tensor> Values { get; } = values;
        public void Dispose() { foreach (var v in Values.Values) v.Dispose(); }
    }
}
