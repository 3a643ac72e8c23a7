using TorchSharp;

namespace MtlAttack.Grains.Tests;

public class AcceleratorDetectionTests
{
    [Fact]
    public void AutoDetectionReportsWhatLibtorchSees()
    {
        var expected = torch.cuda.is_available() ? "cuda" : "cpu";
        Assert.Equal(expected, AcceleratorDetection.Resolve(null));
        Assert.Equal(expected, AcceleratorDetection.Resolve("auto"));
    }

    [Theory]
    [InlineData(true, "cuda")]
    [InlineData(false, "cpu")]
    public void AutoDetectionFollowsTheProbe(bool cuda, string expected) =>
        Assert.Equal(expected, AcceleratorDetection.Resolve("", () => cuda));

    [Fact]
    public void ConfigurationOverridesDetection()
    {
        Assert.Equal("cuda", AcceleratorDetection.Resolve("CUDA", () => false));
        Assert.Equal("cpu", AcceleratorDetection.Resolve("cpu", () => true));
    }

    [Fact]
    public void UnknownAcceleratorIsRefused() =>
        Assert.Throws<ArgumentException>(() => AcceleratorDetection.Resolve("tpu"));
}
