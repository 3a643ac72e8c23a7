using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>The two programs with a closed form, against the MIP: plain DGBA's sign(c) and the L0 budget's top k.</summary>
public class ClosedFormTests
{
    [Fact]
    public void SignOfCIsTheMipOptimumWithoutRows()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = random.Next(20, 61);
            var c = Enumerable.Range(0, n).Select(_ => (double)random.Next(-1000, 1001)).ToArray();
            var program = new SignProgram(c);
            var ours = SignProgramSolver.Solve(program);
            Assert.Equal(SignSolvePath.ClosedForm, ours.Path);
            Assert.Equal(c.Select(v => (sbyte)Math.Sign(v)), ours.Signs);
            Assert.Equal(MipReference.Solve(program).Value, ours.Value);
        }
    }

    [Fact]
    public void TopKEqualsTheMipOptimumUnderAnL0Budget()
    {
        var random = new Random(22);
        for (int trial = 0; trial < 30; trial++)
        {
            int n = random.Next(20, 61), k = random.Next(0, n + 5);
            // Few distinct magnitudes, so ties at the threshold occur.
            var c = Enumerable.Range(0, n).Select(_ => (double)random.Next(-6, 7) * 10).ToArray();
            var program = new SignProgram(c, maxMovedCoordinates: k);
            var ours = SignProgramSolver.Solve(program);
            Assert.Equal(SignSolvePath.ClosedForm, ours.Path);
            Assert.True(ours.Signs.Sum(v => Math.Abs(v)) <= k);
            Assert.Equal(MipReference.Solve(program).Value, ours.Value);
        }
    }

    [Fact]
    public void TopKPicksTheLargestMagnitudesWithTheirSigns()
    {
        double[] c = [0.5, -3, 2, 0, -1, 4];
        Assert.Equal(new sbyte[] { 0, -1, 0, 0, 0, 1 }, SignProgramSolver.Solve(new SignProgram(c, maxMovedCoordinates: 2)).Signs);
        Assert.Equal(new sbyte[] { 1, -1, 1, 0, -1, 1 }, SignProgramSolver.Solve(new SignProgram(c, maxMovedCoordinates: 10)).Signs);
        Assert.Equal(new sbyte[6], SignProgramSolver.Solve(new SignProgram(c, maxMovedCoordinates: 0)).Signs);
    }

    [Fact]
    public void AZeroObjectiveStaysStillAndZeroRowsAreIgnored()
    {
        var zero = SignProgramSolver.Solve(new SignProgram(new double[5], [LinearRow.Symmetric([1, 2, 3, 4, 5], 1)]));
        Assert.Equal(new sbyte[5], zero.Signs);
        double[] c = [1, -2, 3];
        var ignored = SignProgramSolver.Solve(new SignProgram(c, [LinearRow.Symmetric(new double[3], 0)]));
        Assert.Equal(new sbyte[] { 1, -1, 1 }, ignored.Signs);
    }

    [Fact]
    public void KthSmallestAgreesWithSorting()
    {
        var random = new Random(23);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 300);
            var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 20)).ToArray();
            int k = random.Next(n);
            var sorted = values.OrderBy(v => v).ToArray();
            Assert.Equal(sorted[k], Selection.KthSmallest((double[])values.Clone(), k));
        }
    }
}
