using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.Objectives;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

public class ConstrainedObjectivesParseTests
{
    private static readonly string[] Tasks = ["segment_semantic", "normal", "depth_zbuffer"];

    private static AttackObjective Parse(string name, double stepSize = 1)
    {
        Assert.True(ConstrainedObjectives.TryParse(name, Tasks, stepSize, out var objective));
        return objective!;
    }

    [Theory]
    [InlineData("dgba-protect(normal)", "dgba-protect(normal;budget=0.01)")]
    [InlineData(" DGBA-Protect( normal , depth_zbuffer ; budget=0.05 ; k=100 ) ", "dgba-protect(normal,depth_zbuffer;budget=0.05;k=100)")]
    [InlineData("dgba-protect(depth_zbuffer;budget=0)", "dgba-protect(depth_zbuffer;budget=0)")]
    [InlineData("dgba-floor(0.5)", "dgba-floor(0.5)")]
    [InlineData("dgba-floor(0.25;k=10)", "dgba-floor(0.25;k=10)")]
    [InlineData("dgba-floor(1)", "dgba-floor(1)")]
    [InlineData("dgba-l0(1000)", "dgba-l0(1000)")]
    public void NamesParseToCanonicalNamesThatRoundTrip(string name, string canonical)
    {
        var objective = Parse(name);
        Assert.Equal(canonical, objective.Name);
        Assert.Equal(canonical, Parse(objective.Name).Name);
    }

    [Fact]
    public void ParsedObjectivesCarryTheirParameters()
    {
        var protect = Assert.IsType<DgbaProtectObjective>(Parse("dgba-protect(normal,depth_zbuffer;budget=0.02;k=7)", stepSize: 0.5));
        Assert.Equal(["normal", "depth_zbuffer"], protect.ProtectedTasks);
        Assert.Equal(0.02, protect.Budget);
        Assert.Equal(0.5, protect.StepSize);
        Assert.Equal(7, protect.MaxMovedCoordinates);

        var floor = Assert.IsType<DgbaFloorObjective>(Parse("dgba-floor(0.3)"));
        Assert.Equal(0.3, floor.Rho);
        Assert.Null(floor.MaxMovedCoordinates);

        Assert.Equal(12, Assert.IsType<DgbaL0Objective>(Parse("dgba-l0(12)")).K);
    }

    [Theory]
    [InlineData("dgba")]
    [InlineData("total")]
    [InlineData("single(normal)")]
    [InlineData("pgd")]
    public void OtherNamesAreNotClaimed(string name)
    {
        Assert.False(ConstrainedObjectives.TryParse(name, Tasks, 1, out var objective));
        Assert.Null(objective);
    }

    [Theory]
    [InlineData("dgba-protect(keypoints2d)", "keypoints2d")]
    [InlineData("dgba-protect(normal,depth_zbuffer,segment_semantic)", "every task")]
    [InlineData("dgba-protect(normal;budget=-1)", "budget")]
    [InlineData("dgba-protect(normal;budget=abc)", "budget")]
    [InlineData("dgba-protect(normal;eps=1)", "unknown option")]
    [InlineData("dgba-protect(normal;k=1;k=2)", "twice")]
    [InlineData("dgba-floor(1.5)", "rho")]
    [InlineData("dgba-floor(0.5;k=0)", "k")]
    [InlineData("dgba-l0(0)", "k")]
    [InlineData("dgba-l0(2.5)", "k")]
    [InlineData("dgba-l0()", "Cannot read")]
    [InlineData("dgba-protect()", "Cannot read")]
    public void MalformedNamesOfTheFamilyExplainThemselves(string name, string mentions)
    {
        var error = Assert.Throws<ArgumentException>(() => ConstrainedObjectives.TryParse(name, Tasks, 1, out _));
        Assert.Contains(mentions, error.Message);
    }

    [Fact]
    public void StepSizesAreTheLargestStepEachAlgorithmTakes()
    {
        var budget = new AttackBudget(8, steps: 4);
        Assert.Equal(8, AttackCatalog.StepSize("fgsm", budget));
        Assert.Equal(2, AttackCatalog.StepSize("pgd", budget));
        Assert.Equal(16, AttackCatalog.StepSize("apgd", budget));
        Assert.Throws<ArgumentException>(() => AttackCatalog.StepSize("cw", budget));
    }
}
