using System.IO.Compression;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Models.SafeTensors;
using MtlAttack.Core.Tests.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>A network's weights exported the way PyTorch writes them import to a network with identical outputs.</summary>
public sealed class PyTorchImportRoundTripTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(2, "archive", "little", false)]
    [InlineData(4, "archive", "little", false)]
    [InlineData(2, "weights", null, false)]
    [InlineData(2, "archive", "little", true)]
    public void TorchSaveZipImportsToIdenticalOutputs(int protocol, string archiveName, string? byteOrder, bool compressed)
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("weights.pt");
        TorchSaveWriter.Write(path, TorchSaveWriter.StateDictOf(original), new TorchSaveStyle
        {
            Protocol = protocol,
            ArchiveName = archiveName,
            ByteOrder = byteOrder,
            Compression = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression,
        });

        using var imported = PyTorchImport.Import(original.Spec, path);
        ImportFixtures.AssertSameOutputs(original, imported);
        Assert.Equal("weights.pt", imported.Spec.Provenance["importedFrom"]);
        Assert.Equal("pytorch", imported.Spec.Provenance["importedFormat"]);
    }

    [Fact]
    public void SafetensorsImportsToIdenticalOutputs()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("model.safetensors");
        SafeTensorsWriter.Write(path, original.state_dict().Select(kv => (kv.Key, kv.Value)));

        using var imported = PyTorchImport.Import(original.Spec, path);
        ImportFixtures.AssertSameOutputs(original, imported);
        Assert.Equal("safetensors", imported.Spec.Provenance["importedFormat"]);
    }

    [Fact]
    public void TheFormatIsRecognisedByContentNotByExtension()
    {
        using var original = ImportFixtures.TrainedNetwork();
        // Hugging Face names torch.save zips pytorch_model.bin.
        var zip = directory.File("pytorch_model.bin");
        TorchSaveWriter.Write(zip, TorchSaveWriter.StateDictOf(original));
        var safetensors = directory.File("weights.pth");
        SafeTensorsWriter.Write(safetensors, original.state_dict().Select(kv => (kv.Key, kv.Value)));

        using var fromZip = PyTorchImport.Import(original.Spec, zip);
        using var fromSafetensors = PyTorchImport.Import(original.Spec, safetensors);
        ImportFixtures.AssertSameOutputs(original, fromZip);
        ImportFixtures.AssertSameOutputs(original, fromSafetensors);
    }

    [Fact]
    public void ImportToCheckpointWritesACheckpointThatLoads()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("weights.pt");
        TorchSaveWriter.Write(path, TorchSaveWriter.StateDictOf(original));
        var checkpoint = Path.Combine(directory.Path, "checkpoint");

        PyTorchImport.ImportToCheckpoint(original.Spec, path, checkpoint);

        using var loaded = MultiTaskNetwork.Load(checkpoint);
        ImportFixtures.AssertSameOutputs(original, loaded);
        Assert.Equal("weights.pt", loaded.Spec.Provenance["importedFrom"]);
        Assert.Equal(original.Spec.Layout, loaded.Spec.Layout);
    }

    [Fact]
    public void NothingIsWrittenWhenTheImportFails()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("weights.pt");
        TorchSaveWriter.Write(path, TorchSaveWriter.StateDictOf(original, name => "module." + name));
        var checkpoint = Path.Combine(directory.Path, "checkpoint");

        Assert.Throws<CheckpointException>(() => PyTorchImport.ImportToCheckpoint(original.Spec, path, checkpoint));
        Assert.False(Directory.Exists(checkpoint));
    }

    [Fact]
    public void ADataParallelPrefixIsStrippedOnlyWhenAskedAndTheErrorSaysHow()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("data-parallel.pt");
        TorchSaveWriter.Write(path, TorchSaveWriter.StateDictOf(original, name => "module." + name));

        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(original.Spec, path));
        Assert.Contains("missing tensor", error.Message);
        Assert.Contains("'module.backbone.block0.group0.conv1.weight'", error.Message);
        Assert.Contains("StripPrefix = \"module.\"", error.Message);

        using var imported = PyTorchImport.Import(original.Spec, path, options: new PyTorchImportOptions { StripPrefix = "module." });
        ImportFixtures.AssertSameOutputs(original, imported);
    }

    [Fact]
    public void ATrainingCheckpointIsReadThroughItsStateDictKey()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var path = directory.File("checkpoint.pt");
        TorchSaveWriter.Write(path, new PyDict(
            [("epoch", 12), ("learning_rate", 0.01), ("state_dict", TorchSaveWriter.StateDictOf(original)), ("tags", new List<object?> { "nyuv2", null, true })],
            Ordered: false));

        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(original.Spec, path));
        Assert.Contains("entry 'epoch' is an int (12), not a tensor", error.Message);

        using var imported = PyTorchImport.Import(original.Spec, path, options: new PyTorchImportOptions { StateDictKey = "state_dict" });
        ImportFixtures.AssertSameOutputs(original, imported);

        var wrongKey = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(original.Spec, path, options: new PyTorchImportOptions { StateDictKey = "model" }));
        Assert.Contains("has no key 'model'", wrongKey.Message);
        Assert.Contains("'state_dict'", wrongKey.Message);
    }

    [Fact]
    public void BatchNormCountersMayBeLeftOutOnlyWhenAsked()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var withoutCounters = TorchSaveWriter.StateDictOf(original);
        withoutCounters = withoutCounters with { Items = withoutCounters.Items.Where(i => !i.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList() };
        var path = directory.File("no-counters.pt");
        TorchSaveWriter.Write(path, withoutCounters);

        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(original.Spec, path));
        Assert.Contains("missing tensors ('backbone.block0.group0.bn1.num_batches_tracked'", error.Message);
        Assert.Contains("IgnoredNameSuffixes", error.Message);

        var options = new PyTorchImportOptions { IgnoredNameSuffixes = [PyTorchImportOptions.BatchNormCounterSuffix] };
        using var imported = PyTorchImport.Import(original.Spec, path, options: options);
        using var scope = NewDisposeScope();
        var importedWeights = imported.state_dict();
        foreach (var (name, weight) in original.state_dict())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) Assert.Equal(0L, importedWeights[name].item<long>());
            else Assert.True(weight.eq(importedWeights[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Float64WeightsAreConvertedExactlyAndFloat16WeightsToTheirRoundedValues()
    {
        using var original = ImportFixtures.TrainedNetwork();
        var doublePath = directory.File("double.pt");
        TorchSaveWriter.Write(doublePath, TorchSaveWriter.StateDictOf(original, floatType: ScalarType.Float64));
        using (var imported = PyTorchImport.Import(original.Spec, doublePath)) ImportFixtures.AssertSameOutputs(original, imported);

        var halfPath = directory.File("half.pt");
        TorchSaveWriter.Write(halfPath, TorchSaveWriter.StateDictOf(original, floatType: ScalarType.Float16));
        using var fromHalf = PyTorchImport.Import(original.Spec, halfPath);
        using var scope = NewDisposeScope();
        var importedWeights = fromHalf.state_dict();
        foreach (var (name, weight) in original.state_dict())
        {
            Assert.Equal(weight.dtype, importedWeights[name].dtype);
            var expected = weight.is_floating_point() ? weight.to(ScalarType.Float16).to(weight.dtype) : weight;
            Assert.True(expected.eq(importedWeights[name]).all().item<bool>(), name);
        }
    }
}
