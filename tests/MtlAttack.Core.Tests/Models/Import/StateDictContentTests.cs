using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Models.SafeTensors;
using MtlAttack.Core.Tests.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>Files that are safe but do not hold the network's state dict are refused, saying what is wrong.</summary>
public sealed class StateDictContentTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly MultiTaskNetwork network = ImportFixtures.TrainedNetwork();
    private readonly Generator random = new(17);

    public void Dispose()
    {
        random.Dispose();
        network.Dispose();
        directory.Dispose();
    }

    [Fact]
    public void AnUnexpectedTensorIsRefusedByName()
    {
        var path = Write(Items().Append(("heads.edge_texture.conv2.weight", Stored(randn(1, 32, 1, 1, generator: random)))));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Equal($"{path} does not match the network its spec describes: 1 unexpected tensor ('heads.edge_texture.conv2.weight').", error.Message);
    }

    [Fact]
    public void AMissingTensorIsRefusedListingWhatTheNetworkExpects()
    {
        var path = Write(Items().Where(i => !i.Key.StartsWith("heads.normal.", StringComparison.Ordinal)));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.StartsWith($"{path} does not match the network its spec describes: 8 missing tensors ('heads.normal.conv1.weight', "
            + "'heads.normal.bn1.weight', 'heads.normal.bn1.bias', 'heads.normal.conv2.weight', 'heads.normal.conv2.bias', …).", error.Message);
        Assert.Contains("The network expects its state-dict names", error.Message);
    }

    [Fact]
    public void AWrongShapeIsRefusedWithBothShapes()
    {
        var path = Write(Items().Select(i => i.Key == "heads.normal.conv2.weight" ? (i.Key, Stored(randn(4, 32, 1, 1, generator: random))) : i));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Equal($"{path}: tensor 'heads.normal.conv2.weight' has shape [4, 32, 1, 1] but the network expects [3, 32, 1, 1] for 'heads.normal.conv2.weight'.", error.Message);
    }

    [Fact]
    public void AFloatWhereTheNetworkHoldsAnIntegerIsRefused()
    {
        var path = Write(Items().Select(i => i.Key == "heads.depth_zbuffer.bn1.num_batches_tracked" ? (i.Key, Stored(tensor(3f))) : i));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("tensor 'heads.depth_zbuffer.bn1.num_batches_tracked' is stored as Float32 but the network holds Int64", error.Message);
    }

    [Theory]
    [InlineData("string", "is a str ('a note'), not a tensor; a state dict holds only tensors.")]
    [InlineData("float", "is a float (0.5), not a tensor")]
    [InlineData("none", "is None, not a tensor")]
    [InlineData("list", "is a list (2 items), not a tensor")]
    [InlineData("dict", "is a dict (1 entries), not a tensor; a state dict holds only tensors. If the weights are inside it (a training checkpoint), import with StateDictKey = \"heads.normal.conv2.bias\".")]
    public void AValueThatIsNotATensorIsRefusedSayingWhatItIs(string kind, string expected)
    {
        object? value = kind switch
        {
            "string" => "a note",
            "float" => 0.5,
            "none" => null,
            "list" => new List<object?> { 1, 2 },
            _ => new PyDict(("weight", Stored(randn(3, generator: random)))),
        };
        var path = Write(Items().Select(i => i.Key == "heads.normal.conv2.bias" ? (i.Key, value) : i));
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.StartsWith($"{path}: entry 'heads.normal.conv2.bias' {expected}", error.Message);
    }

    [Fact]
    public void APickleThatIsNotADictIsRefused()
    {
        var path = directory.File("list.pt");
        TorchSaveWriter.Write(path, new List<object?> { Stored(randn(2, generator: random)) });
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("it holds a list (1 items), not a state dict (a dict from names to tensors)", error.Message);
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedIncludingOverflowOnConversion()
    {
        var nan = randn(16, 3, 3, 3, generator: random);
        nan[0, 0, 0, 0] = float.NaN;
        var path = Write(Items().Select(i => i.Key == "backbone.block0.group0.conv1.weight" ? (i.Key, Stored(nan)) : i));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("tensor 'backbone.block0.group0.conv1.weight' has 1 NaN or infinite value; refusing to load corrupt weights", error.Message);

        var huge = full(16, 1e300, dtype: ScalarType.Float64);
        path = Write(Items().Select(i => i.Key == "backbone.block0.group0.bn1.bias" ? (i.Key, Stored(huge)) : i));
        error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("tensor 'backbone.block0.group0.bn1.bias' has 16 NaN or infinite values as Float32 (stored as Float64)", error.Message);
    }

    [Fact]
    public void SafetensorsGetTheSameNameChecks()
    {
        var path = directory.File("weights.safetensors");
        using (var scope = NewDisposeScope())
            SafeTensorsWriter.Write(path, network.state_dict().Where(kv => kv.Key != "heads.depth_zbuffer.conv2.bias").Select(kv => ("model." + kv.Key, kv.Value)));
        var error = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("missing tensors", error.Message);
        Assert.Contains("StripPrefix = \"model.\"", error.Message);

        var stillMissing = Assert.Throws<CheckpointException>(() => PyTorchImport.Import(network.Spec, path, options: new PyTorchImportOptions { StripPrefix = "model." }));
        Assert.Contains("1 missing tensor ('heads.depth_zbuffer.conv2.bias')", stillMissing.Message);
    }

    [Fact]
    public void AViewReachingPastItsStorageIsRefused()
    {
        var bytes = new byte[4 * 10];
        var path = Write([("w", new StoredTensor("0", ScalarType.Float32, bytes, 2, [3, 3], [3, 1]))]);
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("tensor 'w' (size [3, 3], stride [3, 1], offset 2) reaches element 10 of storage '0', which has only 10", error.Message);

        path = Write([("w", new StoredTensor("0", ScalarType.Float32, bytes, 0, [3, 1], [long.MaxValue / 2 + 1, 1]))]);
        Assert.Contains("too large to address", Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path)).Message);

        path = Write([("w", new StoredTensor("0", ScalarType.Float32, bytes, 0, [2], [-1]))]);
        Assert.Contains("negative size, stride or offset", Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path)).Message);
    }

    [Fact]
    public void AMissingOrShortStorageIsRefused()
    {
        var path = Write(Items(), new TorchSaveStyle { MissingStorages = new HashSet<string> { "3" } });
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("the pickle refers to storage '3' but the zip has no archive/data/3", error.Message);

        path = Write(Items(), new TorchSaveStyle { ExtraEntries = new Dictionary<string, byte[]> { ["archive/data/0"] = new byte[12] } });
        error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("storage '0' should hold 432 Float32 values (1728 bytes) but archive/data/0 has 12 bytes", error.Message);
    }

    [Fact]
    public void ABigEndianArchiveIsRefused()
    {
        var path = Write(Items(), new TorchSaveStyle { ByteOrder = "big" });
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("saved on a big-endian machine", error.Message);
    }

    [Fact]
    public void AnUnsupportedStorageTypeIsRefusedAsSuch()
    {
        var pickle = new PickleBuilder();
        pickle.Global("torch", "ComplexFloatStorage");
        var path = directory.File("complex.pt");
        TorchSaveWriter.WriteArchive(path, new TorchSaveStyle(), pickle.Finish(), new Dictionary<string, byte[]>());
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.IsNotType<UnsafePickleException>(error);
        Assert.Contains("it stores a tensor as torch.ComplexFloatStorage, which MtlAttack does not read", error.Message);
    }

    [Fact]
    public void AnOversizePickleIsRefusedBeforeItIsReadOrBuilt()
    {
        var path = Write(Items());
        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path, options: new PyTorchImportOptions { MaxPickleBytes = 100 }));
        Assert.Contains("its data.pkl has", error.Message);
        Assert.Contains("more than the limit of 100", error.Message);

        error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path, options: new PyTorchImportOptions { MaxPickleValues = 50 }));
        Assert.Contains("its pickle builds more than 50 values, the limit", error.Message);

        error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, path, options: new PyTorchImportOptions { MaxTensorCount = 10 }));
        Assert.Contains("it holds 84 tensors, more than the limit of 10", error.Message);
    }

    [Fact]
    public void OtherFilesAreRefusedSayingWhatTheyAre()
    {
        var legacy = directory.File("legacy.pt");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        Assert.Contains("legacy torch.save format", Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, legacy)).Message);

        var text = directory.File("notes.pt");
        File.WriteAllText(text, "just some notes");
        Assert.Contains("neither a torch.save zip nor a safetensors file", Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, text)).Message);

        var brokenZip = directory.File("broken.pt");
        File.WriteAllBytes(brokenZip, "PK\u0003\u0004 truncated"u8.ToArray());
        Assert.Contains("not a readable zip", Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(network.Spec, brokenZip)).Message);

        Assert.Throws<FileNotFoundException>(() => PyTorchImport.Import(network.Spec, directory.File("absent.pt")));
    }

    private IEnumerable<(string Key, object? Value)> Items() => TorchSaveWriter.StateDictOf(network).Items;

    private static StoredTensor Stored(Tensor value) => StoredTensor.Contiguous("extra", value);

    private string Write(IEnumerable<(string Key, object? Value)> items, TorchSaveStyle? style = null)
    {
        var path = directory.File($"weights-{Guid.NewGuid():N}.pt");
        TorchSaveWriter.Write(path, new PyDict(items.ToList()), style);
        return path;
    }
}
