using MtlAttack.Benchmarks;

namespace MtlAttack.Benchmarks.Tests;

public class RatioArithmeticTests
{
    [Fact]
    public void MedianIgnoresOneSlowRun()
    {
        Assert.Equal(2.0, Medians.Of([1.0, 2.0, 50.0]));
        Assert.Equal(2.5, Medians.Of([4.0, 1.0, 2.0, 3.0]));
        Assert.True(double.IsNaN(Medians.Of([])));
    }

    [Fact]
    public void RatioIsOfTheMediansAndJudgedByItsAim()
    {
        var slow = new Measurement("a", Measurement.Seconds, [1.2, 1.1, 9.0]);
        var fast = new Measurement("b", Measurement.Seconds, [1.0, 1.0, 1.0]);

        var atMost = new BenchmarkRatio("x", "x", slow, fast, RatioAim.AtMost(1.10));
        Assert.Equal(1.2, atMost.Ratio, 12);
        Assert.Equal(1.2, atMost.PairedRatio!.Value, 12);
        Assert.Equal("ABOVE AIM", atMost.Verdict);
        Assert.False(atMost.MeetsAim);

        var atLeast = new BenchmarkRatio("y", "y", slow, fast, RatioAim.AtLeast(1.0));
        Assert.Equal("PASS", atLeast.Verdict);
        Assert.Equal("BELOW AIM", new BenchmarkRatio("z", "z", fast, slow, RatioAim.AtLeast(1.0)).Verdict);

        Assert.Equal("PASS", new BenchmarkRatio("u", "u", fast, fast, RatioAim.AtMost(1.0)).Verdict);
        Assert.Equal("ABOVE AIM", new BenchmarkRatio("v", "v", fast, fast, RatioAim.Under(1.0)).Verdict);
        Assert.Equal("-", new BenchmarkRatio("w", "w", fast, fast, null).Verdict);
        Assert.Equal("under 0.20", RatioAim.Under(0.2).ToString());

        // A repeat where both sides were slowed alike still pairs to the true ratio.
        var loadedA = new Measurement("a", Measurement.Seconds, [2.0, 20.0, 2.0, 20.0, 20.0]);
        var loadedB = new Measurement("b", Measurement.Seconds, [1.0, 10.0, 1.0, 10.0, 10.0]);
        Assert.Equal(2.0, new BenchmarkRatio("p", "p", loadedA, loadedB, null).PairedRatio!.Value, 12);
        Assert.Null(new BenchmarkRatio("q", "q", Measurement.Single("a", Measurement.Bytes, 2), Measurement.Single("b", Measurement.Bytes, 1), null).PairedRatio);
    }
}
