using System.Text.Json.Nodes;
using MtlAttack.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models;

public sealed class CheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SaveThenLoadGivesIdenticalOutputsAndSpec()
    {
        using var scope = NewDisposeScope();
        using var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 21);
        using var generator = new Generator(21);
        // A few training-mode passes move the batch-norm statistics away from their initial values.
        for (int i = 0; i < 3; i++) network.forward(randn(4, 3, 64, 64, generator: generator) * 40);
        network.UpdateProvenance([new("epochs", "3")]);
        network.eval();
        var images = randn(2, 3, 64, 64, generator: generator) * 40;
        var before = network.forward(images);
        network.Save(directory);

        using var loaded = MultiTaskNetwork.Load(directory, CPU);
        loaded.eval();
        var after = loaded.forward(images);
        Assert.Equal(network.Spec, loaded.Spec);
        Assert.Equal("3", loaded.Spec.Provenance["epochs"]);
        foreach (var task in network.TaskNames)
            Assert.Equal(before[task].data<float>().ToArray(), after[task].data<float>().ToArray());
        var original = network.state_dict();
        Assert.All(loaded.state_dict(), kv => Assert.True(kv.Value.eq(original[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void ModelJsonIsReadableAndNamesEverything()
    {
        using var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1);
        network.Save(directory);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "model.json")))!;
        Assert.Equal("small", (string?)json["backbone"]);
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}", (string?)json["layout"]);
        Assert.Equal("segment_semantic", (string?)json["tasks"]![0]!["name"]);
        Assert.Equal(13, (int?)json["tasks"]![0]!["classes"]);
        Assert.Equal("BGR", (string?)json["normalization"]!["channelOrder"]);
        Assert.Equal(-104.00698793, (double?)json["pixelRange"]!["min"]![0]);
        Assert.Equal(64, (int?)json["inputHeight"]);
        Assert.Equal("test", (string?)json["provenance"]!["dataset"]);
    }

    [Fact]
    public void WeightsOfAnotherLayoutAreRefusedNamingTheTensors()
    {
        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1)) network.Save(directory);
        RewriteSpec(json => json["layout"] = "{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}");
        var error = Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory));
        Assert.Contains("unexpected tensor", error.Message);
        Assert.Contains("backbone.block2.group1", error.Message);
    }

    [Fact]
    public void WrongShapeIsRefusedWithExpectedAndActual()
    {
        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1)) network.Save(directory);
        RewriteSpec(json => json["tasks"]![1]!["outputChannels"] = 4);
        var error = Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory));
        Assert.Contains("'heads.normal.conv2.weight'", error.Message);
        Assert.Contains("has shape [3, 32, 1, 1] but the network expects [4, 32, 1, 1]", error.Message);
    }

    [Fact]
    public void WeightsAreCheckedAgainstTheSpecBeforeTheNetworkIsBuilt()
    {
        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1)) network.Save(directory);
        // A 1 kB model.json claiming a huge head (here at the bound, once 25,000,000 classes) must not cost the head's memory.
        RewriteSpec(json => { json["tasks"]![0]!["outputChannels"] = 4096; json["tasks"]![0]!["classes"] = 4096; });
        bool built = false;
        var error = Assert.Throws<CheckpointException>(() => CheckpointFiles.Load(directory, spec => { built = true; return MultiTaskNetwork.Create(spec, seed: 1); }));
        Assert.False(built, "the network was built before its weights were checked against the spec");
        Assert.Contains("tensor 'heads.segment_semantic.conv2.weight' has shape [13, 32, 1, 1] but the network expects [4096, 32, 1, 1]", error.Message);
    }

    [Theory]
    [InlineData("small", "{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}")]
    [InlineData("resnet18", "{0,1,2}|{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}")]
    [InlineData("resnet34", "{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}")]
    public void TheDeclaredStateIsTheBuiltNetworksStateDict(string backbone, string layout)
    {
        var spec = TestSpecs.Make(backbone, layout, 64);
        using var network = MultiTaskNetwork.Create(spec, seed: 1);
        // TorchSharp lists parameters before buffers; the check is by name, so the order does not matter.
        var built = network.state_dict().Select(kv => (kv.Key, Shape: string.Join(",", kv.Value.shape), kv.Value.dtype)).OrderBy(t => t.Key, StringComparer.Ordinal);
        var declared = NetworkState.Of(spec).Select(t => (t.Name, Shape: string.Join(",", t.Shape), t.DType)).OrderBy(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(built, declared);
    }

    [Fact]
    public void NonFiniteWeightsAreRefused()
    {
        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1))
        {
            using (no_grad())
            {
                var weight = network.state_dict()["backbone.block3.group0.layer3.conv1.weight"];
                weight[0, 0, 0, 0] = float.NaN;
                weight[0, 0, 0, 1] = float.PositiveInfinity;
            }
            network.Save(directory);
        }
        var error = Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory));
        Assert.Contains("'backbone.block3.group0.layer3.conv1.weight' has 2 NaN or infinite values", error.Message);
    }

    [Fact]
    public void CorruptWeightsFileIsRefused()
    {
        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1)) network.Save(directory);
        var weights = Path.Combine(directory, "weights.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..^10]);
        var error = Assert.Throws<MtlAttack.Core.Models.SafeTensors.SafeTensorsFormatException>(() => MultiTaskNetwork.Load(directory));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void MissingFilesAndInvalidSpecsAreRefused()
    {
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(Path.Combine(directory, "nope"))).Message);
        Assert.Contains("no model.json", Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory)).Message);

        using (var network = MultiTaskNetwork.Create(TestSpecs.Small(), seed: 1)) network.Save(directory);
        RewriteSpec(json => json["backbone"] = "vgg16");
        Assert.Contains("Unknown backbone 'vgg16'", Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory)).Message);

        File.Delete(Path.Combine(directory, "weights.safetensors"));
        Assert.Contains("no weights.safetensors", Assert.Throws<CheckpointException>(() => MultiTaskNetwork.Load(directory)).Message);
    }

    private void RewriteSpec(Action<JsonNode> change)
    {
        var path = Path.Combine(directory, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
