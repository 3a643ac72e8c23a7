using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Architecture;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models;

public class GeneratorDropoutTests
{
    [Fact]
    public void EvaluationModePassesTheInputThrough()
    {
        using var scope = NewDisposeScope();
        using var dropout = new GeneratorDropout(0.5);
        dropout.eval();
        var input = arange(12, dtype: ScalarType.Float32);
        Assert.True(dropout.call(input).eq(input).all().item<bool>());
    }

    [Fact]
    public void TrainingModeWithoutAGeneratorRefusesRatherThanDrawFromTorchsGlobalOne()
    {
        using var dropout = new GeneratorDropout(0.5);
        dropout.train();
        var error = Assert.Throws<InvalidOperationException>(() => dropout.call(ones(4)));
        Assert.Contains("DrawDropoutFrom", error.Message);
    }

    [Fact]
    public void MasksComeFromTheGeneratorAndKeptValuesAreRescaled()
    {
        using var scope = NewDisposeScope();
        using var dropout = new GeneratorDropout(0.25);
        dropout.train();
        Tensor Drop(ulong seed)
        {
            using var generator = new Generator(seed);
            dropout.Random = generator;
            return dropout.call(ones(10_000));
        }

        var a = Drop(1);
        Assert.True(a.eq(Drop(1)).all().item<bool>());
        Assert.False(a.eq(Drop(2)).all().item<bool>());
        Assert.True(a.eq(0).logical_or(a.eq(1 / 0.75f)).all().item<bool>());
        double dropped = a.eq(0).to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(dropped, 0.22, 0.28);
    }

    /// <summary>The race torch's global generator had: two trainings in one process drew each other's masks.</summary>
    [Fact]
    public async Task TwoThreadsDrawingAtOnceWithTheSameSeedGetTheSameMasks()
    {
        static List<float[]> Masks()
        {
            using var generator = new Generator(9);
            using var dropout = new GeneratorDropout(0.5) { Random = generator };
            dropout.train();
            var masks = new List<float[]>();
            for (int i = 0; i < 200; i++)
            {
                using var scope = NewDisposeScope();
                masks.Add(dropout.call(ones(64)).data<float>().ToArray());
            }
            return masks;
        }

        using var start = new Barrier(2);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => { start.SignalAndWait(); return Masks(); })));
        Assert.Equal(runs[0], runs[1]);
    }

    [Fact]
    public void TheNetworkHandsItsDropoutLayersTheGeneratorUntilTheScopeEnds()
    {
        // The DeepLab heads: four ASPP branches with two dropout layers each.
        using var network = MultiTaskNetwork.Create(TestSpecs.Make("resnet18", "{0}|{0}|{0}|{0}|{0}", 16, TestSpecs.Depth), seed: 1);
        var layers = network.modules().OfType<GeneratorDropout>().ToList();
        Assert.Equal(8, layers.Count);
        Assert.DoesNotContain(network.state_dict().Keys, key => key.Contains("dropout", StringComparison.Ordinal));

        using var generator = new Generator(5);
        using (network.DrawDropoutFrom(generator))
            Assert.All(layers, layer => Assert.Same(generator, layer.Random));
        Assert.All(layers, layer => Assert.Null(layer.Random));
    }
}
