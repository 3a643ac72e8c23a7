using MtlAttack.Core.Models;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import;

internal static class ImportFixtures
{
    /// <summary>A small network whose batch-norm statistics and counters have moved away from their initial values.</summary>
    public static MultiTaskNetwork TrainedNetwork(long seed = 11)
    {
        var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed);
        using (var scope = NewDisposeScope())
        {
            using var generator = new Generator((ulong)seed);
            for (int i = 0; i < 3; i++) network.forward(randn(4, 3, 64, 64, generator: generator) * 40);
        }
        network.eval();
        return network;
    }

    public static void AssertSameOutputs(MultiTaskNetwork expected, MultiTaskNetwork actual)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        expected.eval();
        actual.eval();
        using var generator = new Generator(5);
        var images = randn(2, 3, 64, 64, generator: generator) * 40;
        var before = expected.forward(images);
        var after = actual.forward(images);
        foreach (var task in expected.TaskNames)
            Assert.Equal(before[task].data<float>().ToArray(), after[task].data<float>().ToArray());
        var original = expected.state_dict();
        Assert.All(actual.state_dict(), kv => Assert.True(kv.Value.eq(original[kv.Key]).all().item<bool>(), kv.Key));
    }
}
