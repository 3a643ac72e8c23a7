using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>The objective syntax for loss forms and targets: canonical names that read back the same, and refusals that say what to write.</summary>
public class ShapedObjectiveNameTests
{
    private static readonly IReadOnlyList<string> Nyu = TaskNames.NyuV2;

    private static IReadOnlyList<string> Names(string name) => AttackCatalog.Objectives(name, Nyu).Select(o => o.Name).ToList();

    [Theory]
    [InlineData("dgba[cospgd]", "dgba[cospgd]")]
    [InlineData(" DGBA [ SegPGD ] ", "dgba[segpgd]")]
    [InlineData("total[segpgd]", "total[segpgd]")]
    [InlineData("signsum[cospgd]", "signsum[cospgd]")]
    [InlineData("single(normal)[cospgd]", "single(normal)[cospgd]")]
    [InlineData("dgba-protect(normal)[cospgd]", "dgba-protect(normal;budget=0.01)[cospgd]")]
    [InlineData("dgba-floor(0.5)[segpgd]", "dgba-floor(0.5)[segpgd]")]
    [InlineData("dgba-l0(50)[cospgd]", "dgba-l0(50)[cospgd]")]
    [InlineData("dgba+target(segment_semantic=class:3)", "dgba+target(segment_semantic=class:3)")]
    [InlineData("dgba[cospgd]+target(segment_semantic=shift:1, depth_zbuffer=scale:2)", "dgba[cospgd]+target(segment_semantic=shift:1,depth_zbuffer=scale:2)")]
    [InlineData("dgba-protect(normal)+target(segment_semantic=class:0)", "dgba-protect(normal;budget=0.01)+target(segment_semantic=class:0)")]
    [InlineData("single(normal)+target(normal=rotate:z:30)", "single(normal)+target(normal=rotate:z:30)")]
    [InlineData("total+target(depth_zbuffer=shift:-0.5)", "total+target(depth_zbuffer=shift:-0.5)")]
    public void NamesAreCanonicalAndReadBackTheSame(string written, string canonical)
    {
        var objective = Assert.Single(AttackCatalog.Objectives(written, Nyu));
        Assert.IsType<ShapedObjective>(objective);
        Assert.Equal(canonical, objective.Name);
        Assert.Equal(canonical, Assert.Single(Names(canonical)));
    }

    [Fact]
    public void SingleWithAFormIsOneCellPerTaskTheFormApplies()
    {
        Assert.Equal(["single(segment_semantic)[segpgd]"], Names("single[segpgd]"));
        Assert.Equal(["single(segment_semantic)[cospgd]", "single(normal)[cospgd]"], Names("single[cospgd]"));
    }

    [Fact]
    public void AProtectedTaskKeepsItsOwnLossUnderAForm()
    {
        var shaped = Assert.IsType<ShapedObjective>(Assert.Single(AttackCatalog.Objectives("dgba-protect(normal)[cospgd]", Nyu)));
        Assert.Equal(["normal"], shaped.Losses.Exempt);
        Assert.Empty(Assert.IsType<ShapedObjective>(Assert.Single(AttackCatalog.Objectives("dgba[cospgd]", Nyu))).Losses.Exempt);
    }

    [Theory]
    [InlineData("single(normal)[segpgd]", "normal predicts no classes")]
    [InlineData("single(depth_zbuffer)[cospgd]", "depth_zbuffer has one channel")]
    [InlineData("dgba[pgd]", "write [segpgd] or [cospgd]")]
    [InlineData("dgba[]", "write [segpgd] or [cospgd]")]
    [InlineData("dgba+target(segment_semantic=class:3)[cospgd]", "then optionally +target")]
    [InlineData("dgba+target(keypoints2d=scale:2)", "task 'keypoints2d', which the model does not have")]
    [InlineData("dgba+target(segment_semantic=class:x)", "needs a whole number")]
    [InlineData("dgba+target(segment_semantic=class:255)", "outside 0..254")]
    [InlineData("dgba+target(segment_semantic=colour:3)", "segment_semantic=class:K")]
    [InlineData("dgba+target(segment_semantic)", "is not TASK=GOAL")]
    [InlineData("dgba+target()", "is not TASK=GOAL")]
    [InlineData("dgba+target(depth_zbuffer=scale:0)", "a positive number other than 1")]
    [InlineData("dgba+target(depth_zbuffer=shift:nan)", "needs a finite number")]
    [InlineData("dgba+target(normal=rotate:w:30)", "AXIS x, y or z")]
    [InlineData("dgba+target(normal=rotate:z:360)", "not a multiple of 360")]
    [InlineData("dgba+target(normal=rotate:zz:30)", "is not a goal MtlAttack knows")]
    [InlineData("dgba+target(normal=rotate:z:30,normal=rotate:x:10)", "targets normal twice")]
    [InlineData("dgba-protect(normal)+target(normal=rotate:z:30)", "it protects it")]
    [InlineData("single(depth_zbuffer)+target(normal=rotate:z:30)", "it attacks only depth_zbuffer")]
    [InlineData("single+target(normal=rotate:z:30)", "single(TASK)+target(TASK=GOAL)")]
    [InlineData("dgbax[cospgd]", "Unknown attack objective 'dgbax'")]
    public void MalformedNamesAreRefusedSayingWhatToWrite(string name, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives(name, Nyu));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SegPgdOnAModelWithoutSegmentationIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives("single[segpgd]", [TaskNames.Normal, TaskNames.Depth]));
        Assert.Contains("applies to none of the model's tasks", error.Message);
        error = Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives("dgba[segpgd]", [TaskNames.Normal, TaskNames.Depth]));
        Assert.Contains("predicts no classes", error.Message);
    }

    [Fact]
    public void GoalsAreCheckedAgainstTheModelsTasksBeforeAnythingRuns()
    {
        IReadOnlyList<VisionTask> tasks = [new SemanticSegmentationTask(6), new SurfaceNormalTask(), new DepthTask()];
        Assert.Single(AttackCatalog.Objectives("dgba+target(segment_semantic=class:5)", tasks));
        Assert.Contains("has classes 0..5", Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives("dgba+target(segment_semantic=class:6)", tasks)).Message);
        Assert.Contains("multiple of 6", Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives("dgba+target(segment_semantic=shift:12)", tasks)).Message);
    }

    [Fact]
    public void TheObjectiveListNamesTheSuffixes() =>
        Assert.Contains("OBJECTIVE[segpgd|cospgd]", AttackCatalog.ObjectiveNames);
}
