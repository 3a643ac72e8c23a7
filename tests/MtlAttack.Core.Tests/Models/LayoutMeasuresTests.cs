using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using TorchSharp;

namespace MtlAttack.Core.Tests.Models;

public class LayoutMeasuresTests
{
    private static readonly int[] Outputs = [13, 3, 1];

    [Fact]
    public void FullySharedIsSmallestAndFullyIndependentLargest()
    {
        var backbone = SmallConvNet.Instance;
        var all = Layouts.Enumerate(3, 5).Select(l => LayoutMeasures.Compute(backbone, l, Outputs, 64, 64)).ToList();
        var shared = all[0];
        var independent = all[^1];
        foreach (var branched in all.Skip(1).SkipLast(1))
        {
            Assert.True(shared.Parameters < branched.Parameters, branched.Layout);
            Assert.True(branched.Parameters < independent.Parameters, branched.Layout);
            Assert.True(shared.MultiplyAddsPerImage < branched.MultiplyAddsPerImage, branched.Layout);
            Assert.True(branched.MultiplyAddsPerImage < independent.MultiplyAddsPerImage, branched.Layout);
        }
        Assert.Equal(1.0, shared.MeanSharing);
        Assert.Equal(0.0, independent.MeanSharing);
        Assert.Equal(shared.HeadParameters, independent.HeadParameters);
        Assert.Equal(3 * shared.BackboneParameters, independent.BackboneParameters);
    }

    [Fact]
    public void SharingIsTheFractionOfBackboneParametersOnTheCommonPath()
    {
        var backbone = SmallConvNet.Instance;
        var layout = Layout.Parse("{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}");
        var blocks = backbone.MeasureBlocks(64, 64).Select(b => (double)b.Parameters).ToArray();
        var measures = LayoutMeasures.Compute(backbone, layout, Outputs, 64, 64);

        double total = blocks.Sum();
        Assert.Equal((blocks[0] + blocks[1] + blocks[2]) / total, measures.PairwiseSharing[0][1], 12);
        Assert.Equal((blocks[0] + blocks[1]) / total, measures.PairwiseSharing[0][2], 12);
        Assert.Equal(measures.PairwiseSharing[0][2], measures.PairwiseSharing[2][0]);
        Assert.Equal(1.0, measures.PairwiseSharing[1][1]);
        Assert.Equal((measures.PairwiseSharing[0][1] + measures.PairwiseSharing[0][2] + measures.PairwiseSharing[1][2]) / 3, measures.MeanSharing, 12);
    }

    [Fact]
    public void ParameterCountEqualsTheBuiltModulesForEveryLayout()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var layout in Layouts.Enumerate(3, 5))
        {
            var spec = TestSpecs.Small(layout.ToString());
            using var network = MultiTaskNetwork.Create(spec, seed: 1);
            long actual = network.parameters().Sum(p => p.numel());
            Assert.Equal(actual, network.Measure().Parameters);
        }
    }

    [Theory]
    [InlineData("small", "{0,1}|{0,1}|{0}{1}|{0}{1}|{0}{1}", 64)]
    [InlineData("resnet18", "{0,1}|{0,1}|{0,1}|{0,1}|{0}{1}", 65)]
    public void MultiplyAddsEqualWhatTheConvolutionsOfAForwardPassDo(string backbone, string layout, int size)
    {
        using var scope = torch.NewDisposeScope();
        var spec = TestSpecs.Make(backbone, layout, size, TestSpecs.Normal, TestSpecs.Depth);
        using var network = MultiTaskNetwork.Create(spec, seed: 3);
        network.eval();
        long counted = 0;
        foreach (var (_, module) in network.named_modules())
        {
            if (module is TorchSharp.Modules.Conv2d conv)
            {
                conv.register_forward_hook((m, input, output) =>
                {
                    // Per image: every output position of every output channel does in/groups * k * k multiply-adds.
                    counted += output.shape[2] * output.shape[3] * conv.weight!.numel();
                    return output;
                });
            }
        }
        using (torch.no_grad()) network.forward(torch.zeros(1, 3, size, size));

        var measures = network.Measure();
        Assert.Equal(counted, measures.MultiplyAddsPerImage);
        Assert.Equal(network.parameters().Sum(p => p.numel()), measures.Parameters);
    }

    [Fact]
    public void MismatchedLayoutAndOutputsAreRefused()
    {
        var backbone = SmallConvNet.Instance;
        Assert.Throws<ArgumentException>(() => LayoutMeasures.Compute(backbone, Layout.FullyShared(3, 4), Outputs, 64, 64));
        Assert.Throws<ArgumentException>(() => LayoutMeasures.Compute(backbone, Layout.FullyShared(2, 5), Outputs, 64, 64));
    }
}
