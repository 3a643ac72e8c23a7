using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Native;

public class TorchBackendsTests
{
    [Fact]
    public void ConvolutionsRunInLibtorchsOwnKernels()
    {
        Assert.True(TorchBackends.EnsureConfigured());
        Assert.False(TorchBackends.MkldnnEnabled);
        Assert.False(TorchBackends.NnpackEnabled);
    }

    /// <summary>
    /// Attack directions are input gradients through convolutions, computed by several batches at once in a silo and
    /// by test classes in parallel here. With oneDNN, libtorch 2.10 returned wrong ones under such concurrency.
    /// </summary>
    [Fact]
    public async Task ConcurrentConvolutionInputGradientsAreRightAndRepeatBitForBit()
    {
        TorchBackends.EnsureConfigured();
        using var generator = new Generator(31);
        using var trunk = ConvSpec.Same(3, 8, 3, bias: true, init: ConvInit.TorchDefault).Build(generator);
        using var head = ConvSpec.Same(8, 4, 1, bias: true, init: ConvInit.TorchDefault).Build(generator);
        foreach (var p in trunk.parameters().Concat(head.parameters())) p.requires_grad = false;
        using var images = rand([2, 3, 8, 8], generator: generator) * 255 - 128;
        using var weights = randn([2, 4, 8, 8], generator: generator);

        float[] Gradient(ScalarType type)
        {
            using var scope = NewDisposeScope();
            var input = images.to(type).requires_grad_(true);
            var output = type == ScalarType.Float32
                ? head.call(trunk.call(input / 64.0).tanh())
                : nn.functional.conv2d(nn.functional.conv2d(input / 64.0, trunk.parameters().First().to(type), trunk.parameters().Last().to(type), padding: [1, 1]).tanh(),
                    head.parameters().First().to(type), head.parameters().Last().to(type));
            var objective = (output * weights.to(type)).sum();
            return autograd.grad([objective], [input])[0].to(ScalarType.Float32).data<float>().ToArray();
        }

        var reference = Gradient(ScalarType.Float64);
        float largest = reference.Max(Math.Abs);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 15).Select(_ => Gradient(ScalarType.Float32)).ToList())));

        var first = runs[0][0];
        Assert.All(reference.Zip(first), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4 * largest, $"float32 {pair.Second} against float64 {pair.First}"));
        Assert.All(runs.SelectMany(r => r), gradient => Assert.Equal(first, gradient));
    }
}
