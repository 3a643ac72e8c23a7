using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models;

public class MultiTaskNetworkTests
{
    [Fact]
    public void SmallBackboneGivesEveryTaskItsChannelsAtOutputStrideFour()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1);
        using var generator = new Generator(1);
        var outputs = network.forward(randn(2, 3, 64, 64, generator: generator) * 50);

        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], outputs.Keys);
        Assert.Equal([2L, 13, 16, 16], outputs["segment_semantic"].shape);
        Assert.Equal([2L, 3, 16, 16], outputs["normal"].shape);
        Assert.Equal([2L, 1, 16, 16], outputs["depth_zbuffer"].shape);
        Assert.Equal(4, network.Backbone.OutputStride);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    public void DeepLabResNetsPredictAtOutputStrideEight(string name)
    {
        var backbone = BackboneCatalog.Get(name);
        Assert.Equal(new(512, 41, 41), backbone.FeatureShape(321, 321));
        Assert.Equal(new(512, 9, 9), backbone.FeatureShape(65, 65));

        using var scope = NewDisposeScope();
        var spec = TestSpecs.Make(name, "{0,1}|{0,1}|{0,1}|{0}{1}|{0}{1}", 65, TestSpecs.Segmentation, TestSpecs.Depth);
        using var network = MultiTaskNetwork.Create(spec, seed: 2);
        network.eval();
        using var _ = no_grad();
        using var generator = new Generator(2);
        var outputs = network.forward(randn(1, 3, 65, 65, generator: generator) * 50);

        Assert.Equal([1L, 13, 9, 9], outputs["segment_semantic"].shape);
        Assert.Equal([1L, 1, 9, 9], outputs["depth_zbuffer"].shape);
        Assert.Equal(8, network.Backbone.OutputStride);
    }

    [Fact]
    public void OneTaskForwardEqualsThatTaskInTheFullForwardAndRunsOnlyItsBranch()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small("{0,1,2}|{0,1}{2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}"), seed: 4);
        network.eval();
        var calls = new List<string>();
        foreach (var (name, module) in network.named_modules())
            if (name.StartsWith("backbone.block", StringComparison.Ordinal) && name.Count(c => c == '.') == 2)
                ((nn.Module<Tensor, Tensor>)module).register_forward_hook((m, i, o) => { calls.Add(name); return o; });

        using var _ = no_grad();
        using var generator = new Generator(3);
        var images = randn(2, 3, 64, 64, generator: generator) * 50;
        var full = network.forward(images);
        Assert.Equal(11, calls.Count);

        foreach (var task in network.TaskNames)
        {
            calls.Clear();
            var single = network.ForwardTask(images, task);
            Assert.Equal(full[task].data<float>().ToArray(), single.data<float>().ToArray());
            Assert.Equal(5, calls.Count);
        }
        calls.Clear();
        network.ForwardTask(images, "depth_zbuffer");
        Assert.Equal(["backbone.block0.group0", "backbone.block1.group1", "backbone.block2.group1", "backbone.block3.group2", "backbone.block4.group2"], calls);
    }

    [Fact]
    public void GradientsFlowToTheInputThroughEveryBranch()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 5);
        network.eval();
        using var generator = new Generator(4);
        var images = (randn(1, 3, 64, 64, generator: generator) * 50).requires_grad_();
        var outputs = network.forward(images);
        outputs.Values.Select(o => o.square().sum()).Aggregate((a, b) => a + b).backward();
        Assert.True(images.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        using var scope = NewDisposeScope();
        using var a = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 11);
        using var b = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 11);
        using var c = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 12);
        var sa = a.state_dict();
        var sb = b.state_dict();
        var sc = c.state_dict();
        Assert.All(sa, kv => Assert.True(kv.Value.eq(sb[kv.Key]).all().item<bool>(), kv.Key));
        Assert.Contains(sa, kv => kv.Value.is_floating_point() && !kv.Value.eq(sc[kv.Key]).all().item<bool>());
    }

    [Fact]
    public void StateDictKeysFollowTheDocumentedNaming()
    {
        using var scope = NewDisposeScope();
        using var small = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1);
        var keys = small.state_dict().Keys.ToHashSet();
        Assert.Contains("backbone.block0.group0.conv1.weight", keys);
        Assert.Contains("backbone.block0.group0.bn1.running_mean", keys);
        Assert.Contains("backbone.block2.group1.layer2.conv1.weight", keys);
        Assert.Contains("backbone.block4.group2.layer4.bn1.bias", keys);
        Assert.Contains("heads.normal.conv2.weight", keys);
        Assert.DoesNotContain("backbone.block2.group2.layer2.conv1.weight", keys);

        var spec = TestSpecs.Make("resnet18", "{0}|{0}|{0}|{0}|{0}", 65, TestSpecs.Normal);
        using var resnet = MultiTaskNetwork.Create(spec, seed: 1);
        var resnetKeys = resnet.state_dict().Keys.ToHashSet();
        Assert.Contains("backbone.block0.group0.conv1.weight", resnetKeys);
        Assert.Contains("backbone.block1.group0.layer1.0.conv1.weight", resnetKeys);
        Assert.Contains("backbone.block2.group0.layer2.0.downsample.0.weight", resnetKeys);
        Assert.Contains("backbone.block2.group0.layer2.0.downsample.1.running_var", resnetKeys);
        Assert.Contains("backbone.block4.group0.layer4.1.bn2.weight", resnetKeys);
        Assert.Contains("heads.normal.fc4.conv3.bias", resnetKeys);
        Assert.Equal([1024L, 512, 3, 3], resnet.state_dict()["heads.normal.fc1.conv1.weight"].shape);

        // Every module is reachable under exactly one name, so hooks and device moves see it once.
        var modules = resnet.named_modules().ToList();
        Assert.Equal(modules.Count, modules.Select(m => m.module).Distinct().Count());
    }

    [Fact]
    public void TaskParametersAreThoseOnTheTaskPath()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small("{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}"), seed: 1);
        var perTask = network.TaskNames.Select(t => network.TaskParameters(t).Select(p => p.Name).ToHashSet()).ToList();
        Assert.Empty(perTask[0].Intersect(perTask[1]));
        Assert.Equal(network.parameters().Count(), perTask.Sum(p => p.Count));
        Assert.All(perTask[1], name => Assert.True(name.Contains("group1") || name.StartsWith("heads.normal.", StringComparison.Ordinal), name));
    }

    [Fact]
    public void BadInputsAndUnknownTasksAreRefusedClearly()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1);
        Assert.Contains("[N, 3, H, W]", Assert.Throws<ArgumentException>(() => network.forward(zeros(1, 4, 64, 64))).Message);
        Assert.Contains("Float64", Assert.Throws<ArgumentException>(() => network.forward(zeros(1, 3, 64, 64, ScalarType.Float64))).Message);
        var unknown = Assert.Throws<ArgumentException>(() => network.ForwardTask(zeros(1, 3, 64, 64), "keypoints2d"));
        Assert.Contains("segment_semantic, normal, depth_zbuffer", unknown.Message);
    }
}
