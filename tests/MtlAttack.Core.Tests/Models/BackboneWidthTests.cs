using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Tests.Models;

/// <summary>A DeepLab ResNet of another width (as narrow TreeMTL-format models have) is a spec option, absent by default.</summary>
public sealed class BackboneWidthTests
{
    private static ModelSpec ResNet(int? width) =>
        TestSpecs.Make("resnet34", "{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}", 33,
            new TaskHeadSpec("segment_semantic", 5, 5), new TaskHeadSpec("normal", 3), new TaskHeadSpec("depth_zbuffer", 1)) with { BackboneWidth = width };

    [Fact]
    public void TheStandardSpecSaysNothingAboutWidth()
    {
        var json = ResNet(null).ToJson();

        Assert.DoesNotContain("backboneWidth", json);
        Assert.Same(DeepLabResNet.ResNet34, ResNet(null).ResolveBackbone());
    }

    [Fact]
    public void AWidthScalesEveryStageAndTheHeadsAndSurvivesJson()
    {
        var spec = ModelSpec.FromJson(ResNet(2).ToJson());
        var backbone = Assert.IsType<DeepLabResNet>(spec.ResolveBackbone());

        Assert.Equal(2, spec.BackboneWidth);
        Assert.Equal(ResNet(2), spec);
        Assert.NotEqual(ResNet(null), spec);
        Assert.Equal((2, 16, 32), (backbone.Width, backbone.FeatureChannels, backbone.AsppWidth));
        // Parameters: four stages of BasicBlocks scale with width squared; the 3-channel stem and the heads' outputs do not.
        long standard = LayoutMeasures.Of(ResNet(null)).Parameters, narrow = LayoutMeasures.Of(spec).Parameters;
        Assert.InRange(narrow, standard / 2048, standard / 512);
        using var network = MultiTaskNetwork.Create(spec, seed: 1);
        Assert.Equal([2L, 3, 7, 7], network.state_dict()["backbone.block0.group0.conv1.weight"].shape);
        Assert.Equal([32L, 16, 3, 3], network.state_dict()["heads.normal.fc1.conv1.weight"].shape);
    }

    [Fact]
    public void OnlyTheResNetsTakeAWidth()
    {
        var small = TestSpecs.Small() with { BackboneWidth = 8 };

        var error = Assert.Throws<InvalidDataException>(small.Validate);

        Assert.Contains("Backbone small has no width option; only the DeepLab ResNets (resnet18, resnet34) take one", error.Message);
        Assert.Contains("width (its stem's channels) is 1..256", Assert.Throws<InvalidDataException>((ResNet(0)).Validate).Message);
    }
}
