using MtlAttack.Core.Models;

namespace MtlAttack.Core.Tests.Models;

public class ModelSpecTests
{
    [Fact]
    public void JsonRoundTripKeepsEverything()
    {
        var spec = TestSpecs.Small();
        var copy = ModelSpec.FromJson(spec.ToJson());
        Assert.Equal(spec, copy);
        Assert.Equal(spec.Normalization.Mean, copy.Normalization.Mean);
        Assert.Equal(spec.PixelRange.Max, copy.PixelRange.Max);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], copy.TaskNames);
        Assert.DoesNotContain("taskNames", spec.ToJson());
    }

    [Theory]
    [InlineData("{0,1}|{0,1}|{0}{1}|{0}{1}|{0}{1}", "has 2 tasks but the spec lists 3")]
    [InlineData("{0,1,2}|{0,1,2}|{0}{1}{2}", "has 3 blocks but backbone small has 5")]
    [InlineData("{0,1,2}|{0}{1}{2}|{0,1,2}", "Invalid layout")]
    public void InconsistentLayoutsAreRefused(string layout, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => TestSpecs.Small(layout).Validate());
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void BadTasksNormalisationAndSizesAreRefused()
    {
        var spec = TestSpecs.Small();
        Assert.Contains("listed twice", Assert.Throws<InvalidDataException>(() => (spec with { Tasks = [TestSpecs.Normal, TestSpecs.Normal, TestSpecs.Depth] }).Validate()).Message);
        Assert.Contains("may not contain dots", Assert.Throws<InvalidDataException>(() => (spec with { Tasks = [TestSpecs.Normal, new("a.b", 1), TestSpecs.Depth] }).Validate()).Message);
        Assert.Contains("0 output channels", Assert.Throws<InvalidDataException>(() => (spec with { Tasks = [TestSpecs.Normal, new("x", 0), TestSpecs.Depth] }).Validate()).Message);
        Assert.Contains("pixelRange of channel 0", Assert.Throws<InvalidDataException>(() => (spec with { PixelRange = new([5, 0, 0], [5, 1, 1]) }).Validate()).Message);
        Assert.Contains("input size 0x64", Assert.Throws<InvalidDataException>(() => (spec with { InputHeight = 0 }).Validate()).Message);
        Assert.Contains("formatVersion is 2", Assert.Throws<InvalidDataException>(() => (spec with { FormatVersion = 2 }).Validate()).Message);
        Assert.Contains("not a valid model spec", Assert.Throws<InvalidDataException>(() => ModelSpec.FromJson("{\"backbone\": 3}")).Message);
    }

    [Fact]
    public void SizesNoRealModelHasAreRefusedBeforeAnythingIsBuilt()
    {
        var spec = TestSpecs.Small();
        string classes = Assert.Throws<InvalidDataException>(() => (spec with { Tasks = [new("segment_semantic", 25_000_000, 25_000_000), TestSpecs.Normal, TestSpecs.Depth] }).Validate()).Message;
        Assert.Contains("task 'segment_semantic' has 25000000 output channels; a head has 1 to 4096", classes);
        Assert.Contains("has 5000 classes; a head has 1 to 4096",
            Assert.Throws<InvalidDataException>(() => (spec with { Tasks = [new("segment_semantic", 13, 5000), TestSpecs.Normal, TestSpecs.Depth] }).Validate()).Message);
        Assert.Contains("input size 100000x100000 is outside 1..4096 on a side",
            Assert.Throws<InvalidDataException>(() => (spec with { InputHeight = 100_000, InputWidth = 100_000 }).Validate()).Message);
        (spec with { InputHeight = ModelSpec.MaxInputSide, InputWidth = ModelSpec.MaxInputSide, Tasks = [new("segment_semantic", 4096, 4096), TestSpecs.Normal, TestSpecs.Depth] }).Validate();
    }
}
