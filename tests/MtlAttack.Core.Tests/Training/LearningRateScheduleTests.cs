using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData("poly", 0, 0.1)]
    [InlineData("poly", 50, 0.1 * 0.5358867312681466)] // 0.5^0.9
    [InlineData("poly", 100, 0)]
    [InlineData("cosine", 0, 0.1)]
    [InlineData("cosine", 50, 0.05)]
    [InlineData("cosine", 100, 0)]
    [InlineData("constant", 73, 0.1)]
    public void RatesFollowTheNamedSchedule(string schedule, long step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.At(schedule, 0.1, step, 100), 12);

    [Fact]
    public void RatesNeverRiseAndStayNonNegative()
    {
        foreach (var schedule in LearningRateSchedule.Names)
        {
            var rates = Enumerable.Range(0, 101).Select(s => LearningRateSchedule.At(schedule, 0.01, s, 100)).ToList();
            Assert.All(rates.Zip(rates.Skip(1)), p => Assert.True(p.Second <= p.First));
            Assert.All(rates, r => Assert.True(r >= 0));
        }
    }

    [Fact]
    public void AnUnknownScheduleIsNamed() =>
        Assert.Contains("'step'", Assert.Throws<ArgumentException>(() => LearningRateSchedule.At("step", 0.1, 0, 10)).Message);
}
